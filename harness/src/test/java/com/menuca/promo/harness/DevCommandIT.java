package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.infra.testing.TopicTail;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.schemas.json.Json;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code promo dev} as a user runs it: the packaged launcher in its own OS process, on free ports and
 * a temporary home; a row written over JDBC reaches Kafka; every catalogue topic exists as declared and
 * no other owned topic does; SIGTERM stops it cleanly.
 */
class DevCommandIT {

    @Test
    void shouldRunTheStackPublishAnInsertedRowAndStopCleanlyOnSigterm() throws Exception {
        Path home = Files.createTempDirectory("promo-dev-it");
        Path log = home.resolve("dev.log");
        Path jar = Path.of("target", "promo-dev.jar").toAbsolutePath();
        assertThat(jar).as("the launcher is packaged before integration tests").exists();
        Process dev = new ProcessBuilder("java", "-Xmx768m", "-cp", jar + File.pathSeparator + jar.resolveSibling("lib") + "/*",
                "com.menuca.promo.harness.DevPromo", "dev", "--home", home.toString(),
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

            assertEveryCatalogueTopicExistsAsDeclaredAndNoOtherOwnedTopic(endpoints.path("kafka_bootstrap").asText());

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

    private static void assertEveryCatalogueTopicExistsAsDeclaredAndNoOtherOwnedTopic(String bootstrap) throws Exception {
        Catalog catalog = Catalog.bundled();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).containsAll(catalog.topics().stream().map(CatalogTopic::name).toList());
            assertThat(names.stream().filter(catalog::owns)).as("owned topics outside the catalogue")
                    .containsExactlyInAnyOrderElementsOf(catalog.topics().stream().map(CatalogTopic::name).toList());
            Map<String, TopicDescription> descriptions = admin.describeTopics(
                    catalog.topics().stream().map(CatalogTopic::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(catalog.topics().stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList()).all().get(30, TimeUnit.SECONDS);
            for (CatalogTopic topic : catalog.topics()) {
                assertThat(descriptions.get(topic.name()).partitions()).as("partitions of %s", topic.name())
                        .hasSize(topic.partitions());
                assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as("cleanup.policy of %s", topic.name())
                        .isEqualTo(topic.cleanupPolicy());
            }
        }
        StringWriter out = new StringWriter();
        CommandLine cli = DevPromo.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("topics", "check", "--bootstrap", bootstrap)).as("promo topics check:%n%s", out).isZero();
    }
}
