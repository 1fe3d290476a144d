package com.menuca.promo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's vendored realtime-js bundle is exactly what its build produces from the pinned
 * package versions, so the committed file can be trusted to be the unmodified client.
 */
class DashboardBundleIT {
    private static final Path DASHBOARD = Path.of("src", "main", "dashboard").toAbsolutePath();
    private static final Path COMMITTED = Path.of("src", "main", "resources", "static", "vendor");

    @Test
    void committedBundleIsWhatTheBuildProduces() throws Exception {
        assertThat(DASHBOARD.resolve("node_modules"))
                .as("npm ci in %s (mvn verify runs setup/npm-ci.sh)", DASHBOARD).isDirectory();
        Path out = Files.createTempDirectory("dashboard-bundle").resolve("realtime-js.mjs");
        Process build = new ProcessBuilder("node", "build.mjs", out.toString())
                .directory(DASHBOARD.toFile()).redirectErrorStream(true).start();
        String log = new String(build.getInputStream().readAllBytes());
        assertThat(build.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue()).as(log).isZero();

        assertThat(Files.readString(out))
                .as("static/vendor/realtime-js.mjs differs from a fresh build: run `npm ci && npm run build` in %s",
                        DASHBOARD)
                .isEqualTo(Files.readString(COMMITTED.resolve("realtime-js.mjs")));
        assertThat(Files.readString(out.resolveSibling("LICENSES.txt")))
                .isEqualTo(Files.readString(COMMITTED.resolve("LICENSES.txt")));
    }
}
