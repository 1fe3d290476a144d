package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in Debian's headless Chromium against `promo dev --simulate` in its own process: see
 * {@code src/test/browser/dashboard.test.mjs} for the checks. Screenshots land in
 * {@code target/dashboard-screenshots/}.
 */
class DashboardBrowserIT {
    private static final Path BROWSER_TEST = Path.of("src", "test", "browser").toAbsolutePath();

    /** $CHROMIUM, else chromium on the PATH (setup/prerequisites.sh installs it before the build). */
    private static Path chromium() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no chromium on PATH: mvn verify installs it (setup/prerequisites.sh),"
                        + " or set CHROMIUM=/path/to/chrome"));
    }

    @Test
    void shouldShowLiveRedemptionsLimitAlertsAndPipelineHealthInARealBrowser() throws Exception {
        Path chromium = chromium();
        assertThat(BROWSER_TEST.resolve("node_modules"))
                .as("npm ci in %s (mvn verify runs setup/npm-ci.sh)", BROWSER_TEST).isDirectory();

        Path home = Files.createTempDirectory("promo-dashboard-it");
        Path devLog = home.resolve("dev.log");
        Path jar = Path.of("target", "promo.jar").toAbsolutePath();
        Process dev = new ProcessBuilder("java", "-Xmx1g", "-cp", jar + File.pathSeparator + jar.resolveSibling("lib") + "/*",
                "com.menuca.promo.launcher.Promo", "dev", "--home", home.toString(), "--simulate=5",
                "--pg-port", "0", "--kafka-port", "0", "--http-port", "0")
                .redirectErrorStream(true).redirectOutput(devLog.toFile()).start();
        try {
            Path endpoints = home.resolve("endpoints.json");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.exists(endpoints) || !dev.isAlive());
            assertThat(dev.isAlive()).as("promo dev is running; log:%n%s", Files.readString(devLog)).isTrue();

            Path artifacts = Path.of("target", "dashboard-screenshots").toAbsolutePath();
            ProcessBuilder browserCommand = new ProcessBuilder("node", "dashboard.test.mjs", endpoints.toString(), artifacts.toString())
                    .directory(BROWSER_TEST.toFile()).redirectErrorStream(true);
            browserCommand.environment().put("CHROMIUM", chromium.toString());
            Process browser = browserCommand.start();
            browser.getOutputStream().close();
            String output = new String(browser.getInputStream().readAllBytes());
            assertThat(browser.waitFor(5, TimeUnit.MINUTES)).as("browser test finished").isTrue();

            List<String> checks = output.lines().filter(line -> line.startsWith("{\"check\"")).toList();
            assertThat(browser.exitValue()).as("browser test output:%n%s", output).isZero();
            assertThat(checks).as(output).hasSize(9).allMatch(line -> line.contains("\"ok\":true"));
            assertThat(artifacts.resolve("restaurant-view.png")).exists();
        } finally {
            dev.destroy();
            if (!dev.waitFor(60, TimeUnit.SECONDS)) {
                dev.destroyForcibly();
            }
        }
    }
}
