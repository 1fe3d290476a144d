package com.menuca.promo.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.infra.Directories;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.testing.TopicTail;
import com.menuca.promo.catalog.SchemaValidator;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The capture against a real PostgreSQL (logical replication) and a real Kafka broker: every table's
 * inserts, updates and deletes, a large transaction, the initial snapshot and restart without loss.
 * Every record the tests see is validated against its topic's schema in the catalogue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SchemaValidator VALIDATOR = SchemaValidator.bundled();

    private Path home;
    private EmbeddedRuntime runtime;
    private CaptureConfig config;
    private CaptureService capture;
    private long preExistingTagId;

    @BeforeAll
    void startStack() throws Exception {
        home = Files.createTempDirectory("capture-it");
        runtime = EmbeddedRuntime.start(home, 0, 0);
        try (Connection c = db()) {
            preExistingTagId = insertReturningId(c,
                    "INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Before Start', 'before-start') RETURNING id");
        }
        config = CaptureConfig.load(ConfigSource.of(CaptureConfig.endpoints(runtime.postgres().host(),
                runtime.postgres().port(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD, runtime.kafka().bootstrapServers())));
        capture = startCapture();
    }

    private CaptureService startCapture() throws Exception {
        return startCapture(config);
    }

    private CaptureService startCapture(CaptureConfig config) throws Exception {
        CaptureService service = new CaptureService(config, new SimpleMeterRegistry());
        service.start();
        service.awaitStreaming(WAIT);
        return service;
    }

    @AfterAll
    void stopStack() throws IOException {
        if (capture != null) {
            capture.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        Directories.deleteQuietly(home);
    }

    @Test
    void shouldSnapshotRowsPresentBeforeTheFirstStart() {
        try (TopicTail tail = new TopicTail(runtime.kafka().bootstrapServers(), CdcTable.MARKETING_TAGS.topic().name())) {
            List<ConsumerRecord<String, String>> records = conforming(tail.awaitUntil(
                    seen -> seen.stream().anyMatch(r -> keyId(r) == preExistingTagId), WAIT));
            JsonNode event = value(records.stream().filter(r -> keyId(r) == preExistingTagId).findFirst().orElseThrow());
            assertThat(event.path("op").asText()).isEqualTo("r");
            assertThat(event.path("after").path("slug").asText()).isEqualTo("before-start");
            assertThat(event.path("source").path("snapshot").asText()).isNotEqualTo("false");
        }
    }

    @Test
    void shouldCaptureInsertUpdateAndDeleteOfEveryTableWithOldAndNewRows() throws Exception {
        long tagId;
        long dealId;
        long couponId;
        long usageId;
        try (Connection c = db(); Statement s = c.createStatement()) {
            tagId = insertReturningId(c, "INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Tacos', 'tacos-it') RETURNING id");
            s.executeUpdate("UPDATE menuca_v3.marketing_tags SET name = 'Tacos!' WHERE id = " + tagId);

            s.executeUpdate("INSERT INTO menuca_v3.restaurant_tag_associations (restaurant_id, tag_id) VALUES (4242, " + tagId + ")");
            s.executeUpdate("UPDATE menuca_v3.restaurant_tag_associations SET created_at = '2026-01-01T00:00:00Z' "
                    + "WHERE restaurant_id = 4242 AND tag_id = " + tagId);
            s.executeUpdate("DELETE FROM menuca_v3.restaurant_tag_associations WHERE restaurant_id = 4242 AND tag_id = " + tagId);

            dealId = insertReturningId(c, """
                    INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, ends_at, is_active, status)
                    VALUES (4242, 'IT deal', 'percent', 12.50, now() + interval '1 day', true, 'active') RETURNING id""");
            s.executeUpdate("UPDATE menuca_v3.promotional_deals SET status = 'paused', is_active = false WHERE id = " + dealId);

            couponId = insertReturningId(c, """
                    INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, discount_value, usage_limit)
                    VALUES (4242, %d, 'IT10', 'amount', 10.00, 5) RETURNING id""".formatted(dealId));
            s.executeUpdate("UPDATE menuca_v3.promotional_coupons SET usage_limit = 6 WHERE id = " + couponId);

            usageId = insertReturningId(c, """
                    INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                    VALUES (%d, 4242, 7, 900001, 10.00, 45.10) RETURNING id""".formatted(couponId));
            s.executeUpdate("UPDATE menuca_v3.coupon_usage_log SET order_total = 46.10 WHERE id = " + usageId);
            s.executeUpdate("DELETE FROM menuca_v3.coupon_usage_log WHERE id = " + usageId);
            s.executeUpdate("DELETE FROM menuca_v3.promotional_coupons WHERE id = " + couponId);
            s.executeUpdate("DELETE FROM menuca_v3.promotional_deals WHERE id = " + dealId);
            s.executeUpdate("DELETE FROM menuca_v3.marketing_tags WHERE id = " + tagId);
        }

        assertChanges(CdcTable.MARKETING_TAGS, Map.of("id", tagId), "name", "Tacos", "Tacos!");
        assertChanges(CdcTable.RESTAURANT_TAG_ASSOCIATIONS, Map.of("restaurant_id", 4242L, "tag_id", tagId),
                "created_at", null, "2026-01-01T00:00:00Z");
        assertChanges(CdcTable.PROMOTIONAL_DEALS, Map.of("id", dealId), "status", "active", "paused");
        assertChanges(CdcTable.PROMOTIONAL_COUPONS, Map.of("id", couponId), "usage_limit", "5", "6");
        assertChanges(CdcTable.COUPON_USAGE_LOG, Map.of("id", usageId), "order_total", "45.10", "46.10");
    }

    /** Expects exactly c, u, d for the key, in order, each carrying the row images the op promises. */
    private void assertChanges(CdcTable table, Map<String, Long> key, String column, String before, String after) {
        try (TopicTail tail = new TopicTail(runtime.kafka().bootstrapServers(), table.topic().name())) {
            Function<List<ConsumerRecord<String, String>>, List<JsonNode>> forKey = seen -> seen.stream()
                    .filter(r -> keyMatches(r, key)).map(CaptureIT::value).toList();
            List<JsonNode> events = forKey.apply(conforming(tail.awaitUntil(seen -> forKey.apply(seen).size() >= 3, WAIT)));
            assertThat(events).extracting(e -> e.path("op").asText()).containsExactly("c", "u", "d");

            JsonNode insert = events.get(0);
            JsonNode update = events.get(1);
            JsonNode delete = events.get(2);
            assertThat(insert.path("before").isNull()).isTrue();
            assertThat(delete.path("after").isNull()).isTrue();
            key.forEach((field, id) -> {
                assertThat(insert.path("after").path(field).asLong()).isEqualTo(id);
                assertThat(delete.path("before").path(field).asLong()).isEqualTo(id);
            });
            if (before != null) {
                assertThat(update.path("before").path(column).asText()).isEqualTo(before);
            }
            assertThat(update.path("after").path(column).asText()).startsWith(after.replace("T00:00:00Z", ""));
            assertThat(update.path("before").size()).as("REPLICA IDENTITY FULL: the whole old row")
                    .isEqualTo(update.path("after").size());
            assertThat(delete.path("before").size()).isEqualTo(insert.path("after").size());
            for (JsonNode event : events) {
                assertThat(event.path("source").path("table").asText()).isEqualTo(table.tableName());
                assertThat(event.path("source").path("schema").asText()).isEqualTo("menuca_v3");
                assertThat(event.path("source").path("lsn").asLong()).isPositive();
                assertThat(event.path("source").path("txId").asLong()).isPositive();
                assertThat(event.path("ts_ms").asLong()).isPositive();
            }
        }
    }

    @Test
    void shouldReportHowMuchWalTheSlotHolds() {
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !Double.isNaN(capture.slotLagBytes()));
        assertThat(capture.slotLagBytes()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void shouldDeliverEveryRowOfATenThousandRowTransactionExactlyOnce() throws Exception {
        long couponId = newCoupon("BULK");
        Set<Long> inserted;
        try (Connection c = db()) {
            c.setAutoCommit(false);
            inserted = insertUsageRows(c, couponId, 10_000);
            c.commit();
        }
        Map<Long, Long> counts = usageCountsById(couponId, inserted.size());
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(inserted);
        assertThat(counts.values()).allMatch(n -> n == 1L);
    }

    /**
     * The capture stops Debezium's per-change lag-statistics thread (its hand-off cost a quarter of the WAL
     * reader's time); a Debezium upgrade that renames it would make this fail rather than quietly slow down.
     * With capture.debezium.lag.statistics=true the thread stays, and changes flow either way.
     */
    @Test
    void shouldSwitchOffDebeziumsLagStatisticsUnlessAskedToKeepThem() throws Exception {
        Awaitility.await().atMost(WAIT).until(() -> lagStatisticsThreads().isEmpty());

        capture.close();
        CaptureConfig keeping = CaptureConfig.load(ConfigSource.of(Map.of(
                CaptureConfig.DEBEZIUM_LAG_STATISTICS.key(), "true")).withOverrides(CaptureConfig.endpoints(
                runtime.postgres().host(), runtime.postgres().port(), EmbeddedPostgresServer.DATABASE,
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD, runtime.kafka().bootstrapServers())));
        try {
            capture = startCapture(keeping);
            long couponId = newCoupon("STATISTICS");
            try (Connection c = db()) {
                Set<Long> inserted = Set.copyOf(insertUsageRows(c, couponId, 10));
                assertThat(usageCountsById(couponId, inserted.size())).containsOnlyKeys(inserted);
            }
            assertThat(lagStatisticsThreads()).isNotEmpty();
        } finally {
            capture.close();
            capture = startCapture();
        }
        Awaitility.await().atMost(WAIT).until(() -> lagStatisticsThreads().isEmpty());
    }

    private static List<Thread> lagStatisticsThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> java.util.Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getClassName()
                        .equals("io.debezium.metrics.stats.MeasurementCollector$MeasurementPublisher")))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * A second capture on a slot and offsets topic of its own (as {@code promo bench notify} runs one):
     * the offsets topic is created compacted, as the catalogue's, before the ACL check looks at it.
     */
    @Test
    void shouldCreateAnOffsetsTopicOfItsOwnNameCompacted() throws Exception {
        String topic = "capture-it-own-offsets";
        CaptureConfig own = CaptureConfig.load(ConfigSource.of(Map.of(CaptureConfig.OFFSETS_TOPIC.key(), topic,
                CaptureConfig.SLOT_NAME.key(), "capture_it_own", CaptureConfig.SNAPSHOT_MODE.key(), "no_data"))
                .withOverrides(CaptureConfig.endpoints(runtime.postgres().host(), runtime.postgres().port(),
                        EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD,
                        runtime.kafka().bootstrapServers())));
        try (CaptureService second = startCapture(own);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.kafka().bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config described = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(described.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(second.isStreaming()).isTrue();
        } finally {
            try (Connection c = db(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'capture_it_own'");
            }
        }
    }

    @Test
    void shouldLoseNothingWrittenWhileTheCaptureWasStopped() throws Exception {
        long couponId = newCoupon("DOWNTIME");
        capture.close();
        Set<Long> inserted = new java.util.HashSet<>();
        try (Connection c = db()) {
            for (int i = 0; i < 10; i++) {
                c.setAutoCommit(false);
                inserted.addAll(insertUsageRows(c, couponId, 100));
                c.commit();
            }
        }
        capture = startCapture();

        Map<Long, Long> counts = usageCountsById(couponId, inserted.size());
        Set<Long> missing = inserted.stream().filter(id -> !counts.containsKey(id)).collect(Collectors.toSet());
        long duplicates = counts.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("restart test: %d rows written while stopped, missing %d, duplicates %d%n",
                inserted.size(), missing.size(), duplicates);
        assertThat(missing).as("rows written while the capture was down").isEmpty();
    }

    @Test
    void shouldStampEachChangeWithItsCommitTimeNotTheTimeTheCaptureSentIt() throws Exception {
        capture.close();
        long committedAfter;
        long committedBefore;
        long tagId;
        try (Connection c = db()) {
            c.setAutoCommit(false);
            tagId = insertReturningId(c, "INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Late', 'late-it') RETURNING id");
            committedAfter = System.currentTimeMillis();
            c.commit();
            committedBefore = System.currentTimeMillis();
        }
        Thread.sleep(1_500); // so that send time and commit time cannot be confused
        long restartedAt = System.currentTimeMillis();
        capture = startCapture();
        try (TopicTail tail = new TopicTail(runtime.kafka().bootstrapServers(), CdcTable.MARKETING_TAGS.topic().name())) {
            ConsumerRecord<String, String> record = conforming(tail.awaitUntil(seen -> seen.stream()
                    .anyMatch(r -> keyId(r) == tagId), WAIT)).stream().filter(r -> keyId(r) == tagId).findFirst().orElseThrow();
            long commitTime = value(record).path("source").path("ts_ms").asLong();
            assertThat(record.timestamp()).as("record timestamp = source.ts_ms").isEqualTo(commitTime);
            assertThat(commitTime).as("the commit, not the capture's restart at %d", restartedAt)
                    .isBetween(committedAfter - 1, committedBefore + 1);
            assertThat(value(record).path("ts_ms").asLong()).as("ts_ms: when the capture processed it")
                    .isGreaterThanOrEqualTo(restartedAt);
        }
    }

    @Test
    void shouldRejectACapturedEventOnceItNoLongerMatchesTheContract() {
        try (TopicTail tail = new TopicTail(runtime.kafka().bootstrapServers(), CdcTable.MARKETING_TAGS.topic().name())) {
            ConsumerRecord<String, String> captured = conforming(tail.awaitUntil(seen -> !seen.isEmpty(), WAIT)).get(0);
            ObjectNode broken = (ObjectNode) value(captured).deepCopy();
            ((ObjectNode) broken.path("after")).remove("slug");
            broken.put("ts_ms", "yesterday");
            assertThat(VALIDATOR.validate(captured.topic(), captured.key(), broken.toString()))
                    .anyMatch(v -> v.contains("slug")).anyMatch(v -> v.contains("ts_ms"));
            assertThat(VALIDATOR.validate(captured.topic(), "{\"id\":\"x\"}", captured.value()))
                    .singleElement().asString().startsWith("key");
        }
    }

    /** Every record a test sees must match its topic's schema in the catalogue. */
    private static List<ConsumerRecord<String, String>> conforming(List<ConsumerRecord<String, String>> records) {
        records.forEach(VALIDATOR::requireValid);
        return records;
    }

    /** Waits until every expected usage row of the coupon is on the topic, then counts deliveries per id. */
    private Map<Long, Long> usageCountsById(long couponId, int expectedDistinct) {
        try (TopicTail tail = new TopicTail(runtime.kafka().bootstrapServers(), CdcTable.COUPON_USAGE_LOG.topic().name())) {
            Function<List<ConsumerRecord<String, String>>, Map<Long, Long>> count = seen -> seen.stream()
                    .map(CaptureIT::value)
                    .filter(v -> v.path("after").path("coupon_id").asLong() == couponId)
                    .collect(Collectors.groupingBy(v -> v.path("after").path("id").asLong(), HashMap::new,
                            Collectors.counting()));
            tail.awaitUntil(seen -> count.apply(seen).size() >= expectedDistinct, Duration.ofSeconds(120));
            return count.apply(conforming(tail.drain(Duration.ofSeconds(1))));
        }
    }

    private long newCoupon(String code) throws SQLException {
        try (Connection c = db()) {
            return insertReturningId(c, """
                    INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value)
                    VALUES (77, '%s', 'percent', 10) RETURNING id""".formatted(code));
        }
    }

    private static Set<Long> insertUsageRows(Connection c, long couponId, int rows) throws SQLException {
        Set<Long> ids = new java.util.HashSet<>();
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                SELECT ?, 77, g % 500, g, 1.00, 20.00 FROM generate_series(1, ?) g RETURNING id""")) {
            insert.setLong(1, couponId);
            insert.setInt(2, rows);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private Connection db() throws SQLException {
        return runtime.postgres().connect();
    }

    private static long insertReturningId(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode value(ConsumerRecord<String, String> record) {
        try {
            return Json.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long keyId(ConsumerRecord<String, String> record) {
        try {
            return Json.mapper().readTree(record.key()).path("id").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean keyMatches(ConsumerRecord<String, String> record, Map<String, Long> key) {
        try {
            JsonNode k = Json.mapper().readTree(record.key());
            return k.size() == key.size() && key.entrySet().stream().allMatch(e -> k.path(e.getKey()).asLong() == e.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
