package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.testing.TopicTail;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code promo capture} as operators run it: its own process, pointed at an existing PostgreSQL and
 * Kafka by a properties file, nothing embedded started; ready on /ready, publishing, stopping on SIGTERM.
 */
class CaptureCommandIT {

    @Test
    void shouldCaptureFromTheConfiguredEndpointsAndReportReadiness() throws Exception {
        Path home = Files.createTempDirectory("promo-capture-it");
        try (EmbeddedRuntime external = EmbeddedRuntime.start(home, 0, 0)) {
            int httpPort = FreePort.find();
            Path config = home.resolve("capture.properties");
            Files.writeString(config, String.join("\n",
                    "postgres.host=127.0.0.1",
                    "postgres.port=" + external.postgres().port(),
                    "postgres.database=" + EmbeddedPostgresServer.DATABASE,
                    "postgres.user=" + EmbeddedPostgresServer.USER,
                    "postgres.password=" + EmbeddedPostgresServer.PASSWORD,
                    "kafka.bootstrap.servers=" + external.kafka().bootstrapServers(),
                    "capture.slot.name=capture_command_it",
                    "capture.http.port=" + httpPort));
            Path log = home.resolve("capture.log");
            Path jar = Path.of("target", "promo.jar").toAbsolutePath();
            Process capture = new ProcessBuilder("java", "-Xmx512m", "-cp",
                    jar + File.pathSeparator + jar.resolveSibling("lib") + "/*",
                    "com.menuca.promo.launcher.Promo", "capture", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI ready = URI.create("http://127.0.0.1:" + httpPort + "/ready");
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                        .until(() -> http.send(HttpRequest.newBuilder(ready).build(),
                                HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

                try (Connection c = external.postgres().connect(); Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Cmd IT', 'cmd-it')");
                }
                try (TopicTail tail = new TopicTail(external.kafka().bootstrapServers(), CdcTable.MARKETING_TAGS.topic().name())) {
                    tail.awaitUntil(seen -> seen.stream().anyMatch(r -> r.value().contains("\"slug\":\"cmd-it\"")),
                            Duration.ofSeconds(60));
                }
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("promo_capture_events_total{table=\"marketing_tags\"}");

                capture.destroy();
                assertThat(capture.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(Files.readString(log)).contains("Capture stopped").doesNotContain("PostgreSQL 17 ready");
            } finally {
                capture.destroyForcibly();
            }
        }
    }

    @Test
    void shouldListEveryBadSettingAndExitWithoutAStackTrace() throws Exception {
        Path jar = Path.of("target", "promo.jar").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder("java", "-cp", jar + File.pathSeparator + jar.resolveSibling("lib") + "/*",
                "com.menuca.promo.launcher.Promo", "capture").redirectErrorStream(true);
        builder.environment().put("PROMO_POSTGRES_PORT", "not-a-port");
        builder.environment().put("PROMO_CAPTURE_STARTUP_TIMEOUT", "soon");
        Process capture = builder.start();
        String output = new String(capture.getInputStream().readAllBytes());
        assertThat(capture.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(capture.exitValue()).isEqualTo(2);
        assertThat(output)
                .contains("postgres.port = 'not-a-port' is invalid")
                .contains("capture.startup.timeout = 'soon' is invalid")
                .contains("PROMO_CAPTURE_STARTUP_TIMEOUT")
                .doesNotContain("\tat ");
    }
}
