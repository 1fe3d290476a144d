package com.menuca.promo.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the production descriptors under test live: {@code infra/deploy}, as shipped. */
public final class DeployDescriptors {
    private DeployDescriptors() {
    }

    /** The {@code infra/deploy} directory (system property {@code promo.deploy.dir}, set by the build). */
    public static Path root() {
        Path dir = Path.of(System.getProperty("promo.deploy.dir", "../infra/deploy")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("deployment descriptors not found at " + dir);
        }
        return dir;
    }
}
