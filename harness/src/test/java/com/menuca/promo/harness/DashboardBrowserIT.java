package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in Debian's headless Chromium against `promo dev --simulate` in its own process: see
 * {@code launcher/src/test/browser/dashboard.test.mjs} for the checks (beside the gateway's other browser
 * test, one npm project). The browser test asks for the stack to be
 * stopped, started again (same home and ports), frozen and thawed by printing a control line; this
 * test does it and answers on the browser test's stdin. Screenshots and the checks' output
 * ({@code checks.log}, with the measured times) land in {@code target/dashboard-screenshots/}.
 */
class DashboardBrowserIT {
    private static final Path BROWSER_TEST = Path.of(System.getProperty("promo.browser.dir",
            Path.of("..", "launcher", "src", "test", "browser").toString())).toAbsolutePath().normalize();
    private static final int CHECKS = 14;

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
    void shouldShowLiveRedemptionsLimitAlertsPipelineHealthAndATruthfulConnectionBadgeInARealBrowser() throws Exception {
        Path chromium = chromium();
        assertThat(BROWSER_TEST.resolve("node_modules"))
                .as("npm ci in %s (mvn verify runs setup/npm-ci.sh)", BROWSER_TEST).isDirectory();

        DevProcess dev = new DevProcess(Files.createTempDirectory("promo-dashboard-it"));
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        try {
            dev.start(0, 0, 0);
            JsonNode endpoints = dev.awaitEndpoints();
            int httpPort = URI.create(endpoints.path("http_url").asText()).getPort();
            int kafkaPort = URI.create("kafka://" + endpoints.path("kafka_bootstrap").asText()).getPort();
            int postgresPort = URI.create(endpoints.path("postgres_jdbc_url").asText().substring("jdbc:".length())).getPort();

            Path artifacts = Path.of("target", "dashboard-screenshots").toAbsolutePath();
            ProcessBuilder browserCommand = new ProcessBuilder("node", "dashboard.test.mjs", dev.endpointsFile().toString(),
                    artifacts.toString()).directory(BROWSER_TEST.toFile()).redirectErrorStream(true);
            browserCommand.environment().put("CHROMIUM", chromium.toString());
            Process browser = browserCommand.start();
            watchdog.schedule(browser::destroyForcibly, 12, TimeUnit.MINUTES);

            StringBuilder output = new StringBuilder();
            // Answers go to the browser test's stdin, which stays open until it exits.
            Writer answers = new OutputStreamWriter(browser.getOutputStream(), StandardCharsets.UTF_8);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith("{\"control\"")) {
                        String action = Json.mapper().readTree(line).path("control").asText();
                        Map<String, Object> answer = act(dev, action, httpPort, kafkaPort, postgresPort);
                        output.append("  -> ").append(answer).append('\n');
                        try {
                            answers.write(Json.mapper().writeValueAsString(answer) + "\n");
                            answers.flush();
                        } catch (IOException e) {
                            output.append("  (the browser test had exited: ").append(e.getMessage()).append(")\n");
                        }
                    }
                }
            }
            assertThat(browser.waitFor(1, TimeUnit.MINUTES)).as("browser test finished").isTrue();
            Files.createDirectories(artifacts);
            Files.writeString(artifacts.resolve("checks.log"), output);

            List<String> checks = output.toString().lines().filter(line -> line.startsWith("{\"check\"")).toList();
            assertThat(browser.exitValue()).as("browser test output:%n%s%npromo dev log:%n%s", output, dev.log()).isZero();
            assertThat(checks).as(output.toString()).hasSize(CHECKS).allMatch(line -> line.contains("\"ok\":true"));
            assertThat(artifacts.resolve("restaurant-view.png")).exists();
        } finally {
            watchdog.shutdownNow();
            dev.stop();
        }
    }

    /** Stops, starts (same home and ports, so the page finds it again), freezes or thaws the stack. */
    private static Map<String, Object> act(DevProcess dev, String action, int httpPort, int kafkaPort, int postgresPort) {
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            switch (action) {
                case "stop" -> {
                    dev.stop();
                    answer.put("exited_at", System.currentTimeMillis());
                }
                case "start" -> {
                    dev.start(httpPort, kafkaPort, postgresPort);
                    answer.put("http_url", dev.awaitEndpoints().path("http_url").asText());
                }
                case "freeze" -> {
                    dev.signal("STOP");
                    answer.put("at", System.currentTimeMillis());
                }
                case "thaw" -> dev.signal("CONT");
                default -> throw new IllegalArgumentException("unknown control action " + action);
            }
            answer.put("ok", true);
        } catch (Exception | AssertionError e) {
            answer.put("ok", false);
            answer.put("message", e.toString());
        }
        return answer;
    }

    /** One `promo dev --simulate` process at a time, in one home. */
    private static final class DevProcess {
        private final Path home;
        private Process process;

        DevProcess(Path home) {
            this.home = home;
        }

        Path endpointsFile() {
            return home.resolve("endpoints.json");
        }

        void start(int httpPort, int kafkaPort, int postgresPort) throws IOException {
            Files.deleteIfExists(endpointsFile());
            Path jar = Path.of("target", "promo-dev.jar").toAbsolutePath();
            process = new ProcessBuilder("java", "-Xmx1g", "-cp", jar + File.pathSeparator + jar.resolveSibling("lib") + "/*",
                    "com.menuca.promo.harness.DevPromo", "dev", "--home", home.toString(), "--simulate=5",
                    "--pg-port", String.valueOf(postgresPort), "--kafka-port", String.valueOf(kafkaPort),
                    "--http-port", String.valueOf(httpPort), "--ops-port", "0", "--processor-port", "0")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("dev.log").toFile()))
                    .start();
        }

        JsonNode awaitEndpoints() throws IOException {
            Process running = process;
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.exists(endpointsFile()) || !running.isAlive());
            assertThat(running.isAlive()).as("promo dev is running; log:%n%s", log()).isTrue();
            return Json.mapper().readTree(endpointsFile().toFile());
        }

        /** SIGTERM (a stopped process is continued first), SIGKILL after a minute; returns once it has exited. */
        void stop() throws IOException, InterruptedException {
            if (process == null || !process.isAlive()) {
                return;
            }
            signal("CONT");
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }

        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            assertThat(kill.waitFor()).as("kill -%s %d", name, process.pid()).isZero();
        }

        /** The last 300 lines of the stack's log (all runs). */
        String log() throws IOException {
            Path log = home.resolve("dev.log");
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 300), lines.size()));
        }
    }
}
