package com.menuca.promo.deploy.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.postgres.PostgresSettings;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.testing.TopicTail;
import com.menuca.promo.catalog.SchemaValidator;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped Kafka Connect descriptors, run by a real Connect worker (distributed mode, in this JVM)
 * beside the embedded capture, both reading the same PostgreSQL through their own slots and writing
 * to their own Kafka broker. For the same rows, both brokers must hold the same records: same topics,
 * partitions, order, keys, ops, row images and source fields; only processing times (and, for snapshot
 * reads, the snapshot's own WAL position and time) may differ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectContractIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String CONNECT_SLOT = "promo_connect_it";
    /** Fields set when a change is processed, not when it was committed: they differ between any two captures. */
    private static final Set<String> PROCESSING_TIME_FIELDS = Set.of("ts_ms", "ts_us", "ts_ns");
    /** Source fields of a snapshot read that describe the snapshot itself (each capture takes its own). */
    private static final Set<String> SNAPSHOT_POSITION_FIELDS = Set.of("ts_ms", "ts_us", "ts_ns", "lsn", "txId",
            "sequence", "xmin");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Path home;
    private EmbeddedRuntime runtime;
    private EmbeddedKafkaBroker connectKafka;
    private CaptureService embeddedCapture;
    private Connect<?> connect;
    private final Map<CdcTable, Integer> expected = new EnumMap<>(CdcTable.class);

    @BeforeAll
    void startBothCaptures() throws Exception {
        home = Files.createTempDirectory("connect-contract-it");
        runtime = EmbeddedRuntime.start(home, 0, 0);
        connectKafka = EmbeddedKafkaBroker.start(home.resolve("kafka-connect"), 0);
        try (Connection c = db(); Statement s = c.createStatement()) {
            insertOneRowPerTable(s, "snap");
        }
        for (CdcTable table : CdcTable.values()) {
            expected.put(table, 1);
        }

        // Both captures register Debezium's JMX metrics under the same name (server=menuca): they cannot
        // run in one JVM at the same time. The embedded capture snapshots and stops (its slot keeps the
        // WAL), Connect snapshots and streams the workload, then the embedded capture resumes and streams it too.
        embeddedCapture = startEmbeddedCapture();
        for (CdcTable table : CdcTable.values()) {
            records(runtime.kafka(), table, 1);
        }
        embeddedCapture.close();
        embeddedCapture = null;

        EmbeddedPostgresServer pg = runtime.postgres();
        ConnectDescriptor descriptor = ConnectDescriptor.load();
        environment(PostgresSettings.HOST, pg.host());
        environment(PostgresSettings.PORT, String.valueOf(pg.port()));
        environment(PostgresSettings.DATABASE, EmbeddedPostgresServer.DATABASE);
        environment(PostgresSettings.USER, EmbeddedPostgresServer.USER);
        environment(PostgresSettings.PASSWORD, EmbeddedPostgresServer.PASSWORD);
        environment(CaptureConfig.SLOT_NAME, CONNECT_SLOT);
        environment(CaptureConfig.PUBLICATION_NAME, CaptureConfig.PUBLICATION_NAME.defaultValue().orElseThrow());
        environment(KafkaSettings.BOOTSTRAP_SERVERS, connectKafka.bootstrapServers());
        connect = new ConnectDistributed().startConnect(workerProperties(descriptor));
        postConnector(descriptor);
        awaitConnectorRunning(descriptor.connectorName());
        awaitTopicsOnConnectBroker();
        for (CdcTable table : CdcTable.values()) {
            records(connectKafka, table, 1);
        }
        writeWorkload();
    }

    private CaptureService startEmbeddedCapture() throws Exception {
        EmbeddedPostgresServer pg = runtime.postgres();
        CaptureService capture = new CaptureService(CaptureConfig.load(ConfigSource.of(CaptureConfig.endpoints(pg.host(),
                pg.port(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD,
                runtime.kafka().bootstrapServers()))), new SimpleMeterRegistry());
        capture.start();
        capture.awaitStreaming(WAIT);
        return capture;
    }

    private static void environment(Setting<?> setting, String value) {
        TestEnvironmentConfigProvider.VALUES.put(setting.envVar(), value);
    }

    /** The shipped worker properties; only what points at this machine is changed. */
    private static Map<String, String> workerProperties(ConnectDescriptor descriptor) {
        Map<String, String> props = new HashMap<>(descriptor.workerConfig());
        props.put("listeners", "http://127.0.0.1:0");
        props.remove("plugin.path");
        props.put("config.providers.env.class", TestEnvironmentConfigProvider.class.getName());
        return props;
    }

    private void postConnector(ConnectDescriptor descriptor) throws Exception {
        HttpResponse<String> response = http(HttpRequest.newBuilder(connectUrl("connectors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(descriptor.connectorFile())));
        assertThat(response.statusCode()).as("POST /connectors: %s", response.body()).isEqualTo(201);
    }

    private void awaitConnectorRunning(String name) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode status = Json.mapper().readTree(http(HttpRequest.newBuilder(connectUrl("connectors/" + name + "/status"))
                    .GET()).body());
            assertThat(status.path("connector").path("state").asText()).as(status.toString()).isEqualTo("RUNNING");
            assertThat(status.path("tasks").path(0).path("state").asText()).as(status.toString()).isEqualTo("RUNNING");
        });
    }

    private void awaitTopicsOnConnectBroker() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connectKafka.bootstrapServers()))) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> admin.listTopics().names().get()
                    .containsAll(java.util.Arrays.stream(CdcTable.values()).map(t -> t.topic().name()).toList()));
        }
    }

    private URI connectUrl(String path) {
        return connect.rest().serverUrl().resolve(path);
    }

    private static HttpResponse<String> http(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void stopConnect() {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
            connect = null;
        }
    }

    @AfterAll
    void stopEverything() throws IOException {
        stopConnect();
        if (embeddedCapture != null) {
            embeddedCapture.close();
        }
        if (connectKafka != null) {
            connectKafka.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        if (home != null) {
            try (var paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void shouldNeverWriteTheHeartbeatTableButStillMoveItsSlotOnAnIdleDatabase() throws Exception {
        String walAfterIdleWrite;
        try (Connection c = db(); Statement s = c.createStatement()) {
            // WAL that no captured table produces: only heartbeat records can confirm past it.
            s.execute("CREATE TABLE IF NOT EXISTS public.wal_filler (n int)");
            s.execute("INSERT INTO public.wal_filler SELECT generate_series(1, 100)");
            walAfterIdleWrite = queryString(s, "SELECT pg_current_wal_lsn()::text");
        }
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try (Connection c = db(); Statement s = c.createStatement()) {
                return queryString(s, "SELECT (confirmed_flush_lsn >= '" + walAfterIdleWrite + "'::pg_lsn)::text "
                        + "FROM pg_replication_slots WHERE slot_name = '" + CONNECT_SLOT + "'").equals("true");
            }
        });
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connectKafka.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get();
            assertThat(topics).as("the connector's topics on its broker")
                    .noneMatch(t -> t.contains("cdc_heartbeat") || t.equals(CdcTable.TOPIC_PREFIX + ".message"));
        }
    }

    @Test
    @Order(2)
    void shouldWriteTheSameRecordsAsTheEmbeddedCaptureForTheSameRows() throws Exception {
        stopConnect();
        embeddedCapture = startEmbeddedCapture();
        SchemaValidator validator = SchemaValidator.bundled();
        for (CdcTable table : CdcTable.values()) {
            int count = expected.get(table);
            List<ConsumerRecord<String, String>> fromEmbedded = records(runtime.kafka(), table, count);
            List<ConsumerRecord<String, String>> fromConnect = records(connectKafka, table, count);
            assertThat(fromConnect).as("%s: records written by Connect", table).hasSize(count);
            assertThat(fromEmbedded).as("%s: records written by the embedded capture", table).hasSize(count);
            fromConnect.forEach(validator::requireValid);
            for (ConsumerRecord<String, String> record : concat(fromEmbedded, fromConnect)) {
                assertThat(record.timestamp()).as("%s-%d@%d: record time is the commit time (source.ts_ms)", record.topic(),
                        record.partition(), record.offset()).isEqualTo(readJson(record.value()).path("source").path("ts_ms").asLong());
            }
            Map<Integer, List<String>> connectByPartition = comparable(fromConnect);
            Map<Integer, List<String>> embeddedByPartition = comparable(fromEmbedded);
            assertThat(connectByPartition.keySet()).as("%s partitions used", table)
                    .isEqualTo(embeddedByPartition.keySet());
            connectByPartition.forEach((partition, records) -> assertThat(records)
                    .as("%s partition %d, in order", table, partition)
                    .containsExactlyElementsOf(embeddedByPartition.get(partition)));
        }
    }

    private static List<ConsumerRecord<String, String>> concat(List<ConsumerRecord<String, String>> a,
                                                               List<ConsumerRecord<String, String>> b) {
        List<ConsumerRecord<String, String>> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    private void writeWorkload() throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement()) {
            long[] ids = insertOneRowPerTable(s, "w1");
            long tag = ids[0];
            long deal = ids[1];
            long coupon = ids[2];
            long usage = ids[3];
            long tag2 = insertOneRowPerTable(s, "w2")[0];
            s.executeUpdate("UPDATE menuca_v3.marketing_tags SET name = 'Renamed' WHERE id = " + tag);
            s.executeUpdate("UPDATE menuca_v3.promotional_deals SET status = 'paused', is_active = false, "
                    + "discount_percent = 33.33 WHERE id = " + deal);
            s.executeUpdate("UPDATE menuca_v3.promotional_coupons SET usage_limit = 9, valid_until = now() + interval '3 days' "
                    + "WHERE id = " + coupon);
            s.executeUpdate("UPDATE menuca_v3.restaurant_tag_associations SET created_at = '2026-01-01T00:00:00Z' "
                    + "WHERE tag_id = " + tag);
            s.executeUpdate("UPDATE menuca_v3.coupon_usage_log SET order_total = 99.99 WHERE id = " + usage);
            count(CdcTable.values(), 1);
            s.executeUpdate("DELETE FROM menuca_v3.coupon_usage_log WHERE id = " + usage);
            s.executeUpdate("DELETE FROM menuca_v3.restaurant_tag_associations WHERE tag_id = " + tag2);
            s.executeUpdate("DELETE FROM menuca_v3.marketing_tags WHERE id = " + tag2);
            s.executeUpdate("DELETE FROM menuca_v3.promotional_deals WHERE id = " + deal);
            // ON DELETE SET NULL on the coupon's deal_id: one more change of the coupon in the same transaction.
            count(new CdcTable[] {CdcTable.COUPON_USAGE_LOG, CdcTable.RESTAURANT_TAG_ASSOCIATIONS, CdcTable.MARKETING_TAGS,
                CdcTable.PROMOTIONAL_DEALS, CdcTable.PROMOTIONAL_COUPONS}, 1);

            c.setAutoCommit(false);
            s.executeUpdate("""
                    INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                    SELECT %d, 42, g %% 17, 700000 + g, 1.25, 12.50 FROM generate_series(1, 300) g""".formatted(coupon));
            c.commit();
            expected.merge(CdcTable.COUPON_USAGE_LOG, 300, Integer::sum);
        }
    }

    /** Inserts one row into each table; returns the ids of the tag, deal, coupon and usage row. */
    private long[] insertOneRowPerTable(Statement s, String suffix) throws SQLException {
        long tag = queryLong(s, "INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Tag " + suffix + "', 'tag-"
                + suffix + "') RETURNING id");
        long deal = queryLong(s, """
                INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, ends_at, is_active, status)
                VALUES (42, 'Deal %s', 'percent', 12.50, now() + interval '1 day', true, 'active') RETURNING id""".formatted(suffix));
        long coupon = queryLong(s, """
                INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, discount_value, usage_limit)
                VALUES (42, %d, 'C-%s', 'amount', 5.00, 100) RETURNING id""".formatted(deal, suffix));
        s.executeUpdate("INSERT INTO menuca_v3.restaurant_tag_associations (restaurant_id, tag_id) VALUES (42, " + tag + ")");
        long usage = queryLong(s, """
                INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                VALUES (%d, 42, 7, 9001, 5.00, 31.40) RETURNING id""".formatted(coupon));
        if (!suffix.equals("snap")) {
            count(CdcTable.values(), 1);
        }
        return new long[] {tag, deal, coupon, usage};
    }

    private void count(CdcTable[] tables, int changes) {
        for (CdcTable table : tables) {
            expected.merge(table, changes, Integer::sum);
        }
    }

    /** Every record of the table's topic once {@code count} have arrived, plus any stragglers (duplicates). */
    private static List<ConsumerRecord<String, String>> records(EmbeddedKafkaBroker kafka, CdcTable table, int count) {
        try (TopicTail tail = new TopicTail(kafka.bootstrapServers(), table.topic().name())) {
            tail.awaitUntil(seen -> seen.size() >= count, WAIT);
            return tail.drain(Duration.ofMillis(500));
        }
    }

    /** Per partition, in offset order: key, headers and value without the fields that may legitimately differ. */
    private static Map<Integer, List<String>> comparable(List<ConsumerRecord<String, String>> records) {
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode value = readJson(record.value());
            ObjectNode normalized = ((ObjectNode) value).deepCopy();
            PROCESSING_TIME_FIELDS.forEach(normalized::remove);
            ObjectNode source = (ObjectNode) normalized.path("source");
            if (!"false".equals(source.path("snapshot").asText())) {
                SNAPSHOT_POSITION_FIELDS.forEach(source::remove);
            }
            List<String> headers = StreamSupport.stream(record.headers().spliterator(), false).map(h -> h.key()).toList();
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add("key=" + record.key() + " headers=" + headers + " value=" + normalized
                            + " fields=" + fieldNames(value) + " source_fields=" + fieldNames(value.path("source")));
        }
        return byPartition;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode readJson(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Connection db() throws SQLException {
        return runtime.postgres().connect();
    }

    private static long queryLong(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String queryString(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
