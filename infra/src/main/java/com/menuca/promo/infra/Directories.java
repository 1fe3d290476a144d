package com.menuca.promo.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the temporary directories that benchmarks and tests create for their embedded stacks. */
public final class Directories {
    private Directories() {
    }

    /**
     * Deletes a directory and everything under it; a missing directory is fine.
     *
     * @return false when something could not be deleted (a temporary directory left behind is not
     *         worth failing a benchmark or a test for)
     */
    public static boolean deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return true;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.sorted(Comparator.reverseOrder()).map(p -> p.toFile().delete()).reduce(true, Boolean::logicalAnd);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
