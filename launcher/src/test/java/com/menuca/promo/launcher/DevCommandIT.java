package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.infra.testing.TopicTail;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code promo dev} as a user runs it: the packaged launcher in its own OS process, on free ports and
 * a temporary home; a row written over JDBC reaches Kafka; SIGTERM stops it cleanly.
 */
class DevCommandIT {

    @Test
    void shouldRunTheStackPublishAnInsertedRowAndStopCleanlyOnSigterm() throws Exception {
        Path home = Files.createTempDirectory("promo-dev-it");
        Path log = home.resolve("dev.log");
        Path jar = Path.of("target", "promo.jar").toAbsolutePath();
        assertThat(jar).as("the launcher is packaged before integration tests").exists();
        Process dev = new ProcessBuilder("java", "-Xmx768m", "-cp", jar + File.pathSeparator + jar.resolveSibling("lib") + "/*",
                "com.menuca.promo.launcher.Promo", "dev", "--home", home.toString(),
                "--pg-port", "0", "--kafka-port", "0", "--http-port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path endpointsFile = home.resolve("endpoints.json");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(endpointsFile) || !dev.isAlive());
            assertThat(dev.isAlive()).as("promo dev is running; log:%n%s", Files.readString(log)).isTrue();
            JsonNode endpoints = Json.mapper().readTree(endpointsFile.toFile());
            assertThat(endpoints.fieldNames()).toIterable()
                    .contains("postgres_jdbc_url", "postgres_user", "postgres_password", "kafka_bootstrap");

            long tagId;
            try (Connection c = DriverManager.getConnection(endpoints.path("postgres_jdbc_url").asText(),
                    endpoints.path("postgres_user").asText(), endpoints.path("postgres_password").asText());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(
                         "INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Dev IT', 'dev-it') RETURNING id")) {
                rs.next();
                tagId = rs.getLong(1);
            }
            try (TopicTail tail = new TopicTail(endpoints.path("kafka_bootstrap").asText(),
                    CdcTable.MARKETING_TAGS.topic().name())) {
                tail.awaitUntil(seen -> seen.stream().anyMatch(r -> r.value().contains("\"slug\":\"dev-it\"")
                        && r.value().contains("\"op\":\"c\"") && r.key().equals("{\"id\":" + tagId + "}")),
                        Duration.ofSeconds(60));
            }

            dev.destroy();
            assertThat(dev.waitFor(60, TimeUnit.SECONDS)).as("stops within a minute of SIGTERM").isTrue();
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).anyMatch(line -> line.contains("promo dev stopped"));
            assertThat(lines).noneMatch(line -> line.contains(" ERROR "));
            assertThat(endpointsFile).as("endpoints.json is removed when the stack stops").doesNotExist();
            assertThat(home.resolve("postgres")).as("data kept for the next start").isDirectory();
        } finally {
            dev.destroyForcibly();
        }
    }
}
