package com.menuca.promo.harness;

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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * {@code promo dev --brokers 3}: a KRaft cluster of three broker processes; every change topic has
 * three replicas and refuses writes below two in sync. One broker is killed with SIGKILL while rows
 * are written: every committed row still reaches Kafka.
 */
class ClusterDevIT {

    @Test
    void shouldReplicateEveryTopicThreeTimesAndLoseNothingWhenABrokerIsKilled() throws Exception {
        Path home = Files.createTempDirectory("promo-cluster-it");
        Path log = home.resolve("dev.log");
        Path jar = Path.of("target", "promo-dev.jar").toAbsolutePath();
        Process dev = new ProcessBuilder("java", "-Xmx768m", "-cp", jar + File.pathSeparator + jar.resolveSibling("lib") + "/*",
                "com.menuca.promo.harness.DevPromo", "dev", "--brokers", "3", "--home", home.toString(),
                "--pg-port", "0", "--kafka-port", "0", "--http-port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path endpointsFile = home.resolve("endpoints.json");
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Files.exists(endpointsFile) || !dev.isAlive());
            assertThat(dev.isAlive()).as("promo dev --brokers 3 is running; log:%n%s", Files.readString(log)).isTrue();
            JsonNode endpoints = Json.mapper().readTree(endpointsFile.toFile());
            String bootstrap = endpoints.path("kafka_bootstrap").asText();
            assertThat(bootstrap.split(",")).hasSize(3);

            String topic = CdcTable.COUPON_USAGE_LOG.topic().name();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                for (CdcTable table : CdcTable.values()) {
                    TopicDescription description = admin.describeTopics(List.of(table.topic().name()))
                            .allTopicNames().get().get(table.topic().name());
                    assertThat(description.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                }
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            }

            ProcessHandle broker2 = dev.descendants()
                    .filter(p -> commandLine(p).contains("kafka-cluster/node-2"))
                    .findFirst().orElseThrow(() -> new AssertionError("no process for broker node 2"));
            try (Connection c = DriverManager.getConnection(endpoints.path("postgres_jdbc_url").asText(),
                    endpoints.path("postgres_user").asText(), endpoints.path("postgres_password").asText())) {
                long coupon = coupon(c);
                Set<Long> written = new HashSet<>(insert(c, coupon, 0, 200));
                broker2.destroyForcibly();
                assertThat(broker2.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
                written.addAll(insert(c, coupon, 200, 200));

                try (TopicTail tail = new TopicTail(bootstrap, topic)) {
                    tail.awaitUntil(seen -> arrived(seen, coupon).containsAll(written), Duration.ofMinutes(2));
                }
            }
            dev.destroy();
            assertThat(dev.waitFor(90, TimeUnit.SECONDS)).as("stops within 90 s of SIGTERM").isTrue();
            assertThat(dev.descendants().filter(ProcessHandle::isAlive)).as("no broker process left behind").isEmpty();
        } finally {
            dev.descendants().forEach(ProcessHandle::destroyForcibly);
            dev.destroyForcibly();
        }
    }

    /** The whole command line (ProcessHandle.Info cuts long ones, and the class path is long). */
    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static long coupon(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value)
                VALUES (3, 'CLUSTER-IT', 'amount', 1.00) RETURNING id""")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Single-row transactions, one every 10 ms; returns the order ids committed. */
    private static List<Long> insert(Connection c, long coupon, long from, int rows) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                VALUES (?, 3, 1, ?, 1.00, 10.00)""")) {
            List<Long> ids = new java.util.ArrayList<>();
            for (long orderId = from; orderId < from + rows; orderId++) {
                insert.setLong(1, coupon);
                insert.setLong(2, orderId);
                insert.executeUpdate();
                ids.add(orderId);
                Thread.sleep(10);
            }
            return ids;
        }
    }

    private static Set<Long> arrived(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> seen, long coupon) {
        Set<Long> ids = new HashSet<>();
        for (var record : seen) {
            try {
                JsonNode after = Json.mapper().readTree(record.value()).path("after");
                if (after.path("coupon_id").asLong() == coupon) {
                    ids.add(after.path("order_id").asLong());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ids;
    }
}
