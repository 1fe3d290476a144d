package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.process.JavaCommand;
import com.menuca.promo.infra.process.PromoProcess;
import com.menuca.promo.infra.testing.TopicTail;
import com.menuca.promo.catalog.SchemaValidator;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code promo process} as operators run it: the packaged launcher in its own OS process against an
 * external Kafka, killed with SIGKILL (no clean shutdown, a transaction open) while usage rows pour in,
 * then started again on the same state directory. Afterwards every count equals SQL, each limit was
 * announced once, and no event id appears twice on the (read_committed) topics.
 */
class ProcessCommandIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final long RESTAURANT = 77;
    private static final int ROWS = 1_200;
    private static final int KILL_AFTER = 400;

    @Test
    void shouldEndWithSqlCountsAndNoDuplicateEventsAfterASigkillMidLoad() throws Exception {
        Path home = Files.createTempDirectory("process-it");
        Path jar = Path.of("target", "promo.jar").toAbsolutePath();
        assertThat(jar).as("the launcher is packaged before integration tests").exists();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home, 0, 0);
             CaptureService capture = new CaptureService(CaptureConfig.load(ConfigSource.of(CaptureConfig.endpoints(
                     runtime.postgres().host(), runtime.postgres().port(), EmbeddedPostgresServer.DATABASE,
                     EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD, runtime.bootstrapServers()))),
                     new SimpleMeterRegistry());
             Connection db = runtime.postgres().connect()) {
            capture.start();
            capture.awaitStreaming(WAIT);
            int port = FreePort.find();
            Map<String, String> env = Map.of(
                    "PROMO_KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers(),
                    "PROMO_PROCESSOR_STATE_DIR", home.resolve("processor").toString(),
                    "PROMO_PROCESSOR_HTTP_PORT", String.valueOf(port),
                    "PROMO_PROCESSOR_APPLICATION_ID", "process-it",
                    "PROMO_PROCESSOR_QUERY_TOKEN", "process-command-it-query-token-0123456789");
            JavaCommand java = JavaCommand.packaged(jar, "-Xmx512m");
            URI ready = URI.create("http://127.0.0.1:" + port + "/ready");
            Path log = home.resolve("process.log");

            List<Long> coupons = new ArrayList<>();
            long deal = id(db, "INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, "
                    + "starts_at, ends_at, is_active, status) VALUES (" + RESTAURANT + ", 'Crash deal', 'percent', 10, "
                    + "now() - interval '1 hour', now() + interval '1 day', true, 'active') RETURNING id");
            for (int c = 0; c < 4; c++) {
                coupons.add(id(db, "INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, "
                        + "discount_value, usage_limit) VALUES (" + RESTAURANT + ", " + deal + ", 'CRASH" + c + "', 'amount', "
                        + "2.00, " + (c < 2 ? "200" : "NULL") + ") RETURNING id"));
            }

            PromoProcess processor = PromoProcess.start("process", java, List.of("process"), env, log);
            AtomicInteger written = new AtomicInteger();
            CompletableFuture<Void> load;
            try {
                processor.awaitHttpOk(ready, WAIT);
                load = CompletableFuture.runAsync(() -> writeUsage(runtime, coupons, written));
                while (written.get() < KILL_AFTER && !load.isDone()) {
                    Thread.sleep(20);
                }
                processor.kill();
            } catch (Exception | Error e) {
                processor.kill();
                throw e;
            }
            assertThat(load).as("still writing when the processor died").isNotDone();
            try (PromoProcess restarted = PromoProcess.start("process", java, List.of("process"), env, log)) {
                restarted.awaitHttpOk(ready, WAIT);
                load.get();

                Map<Long, Long> inSql = countsBy(db, "coupon_id");
                assertThat(inSql.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS);
                Map<String, JsonNode> latest = latestCounts(runtime.bootstrapServers(), coupons, inSql);
                for (long coupon : coupons) {
                    assertThat(latest.get(key("coupon", coupon)).path("redemptions").path("total").asLong())
                            .as("coupon %d after the crash", coupon).isEqualTo(inSql.get(coupon));
                }
                assertThat(latest.get(key("restaurant", RESTAURANT)).path("redemptions").path("total").asLong()).isEqualTo(ROWS);
                assertThat(latest.get(key("deal", deal)).path("redemptions").path("total").asLong()).isEqualTo(ROWS);

                List<JsonNode> events = events(runtime.bootstrapServers(), ROWS);
                assertThat(events).extracting(e -> e.path("event_id").asText()).as("no event twice").doesNotHaveDuplicates();
                assertThat(events.stream().filter(e -> e.path("type").asText().equals("coupon_redeemed"))
                        .map(e -> e.path("data").path("usage_id").asLong()).collect(Collectors.toSet()))
                        .as("every usage row redeemed once").hasSize(ROWS);
                Map<Long, Long> limits = events.stream().filter(e -> e.path("type").asText().equals("coupon_limit_reached"))
                        .collect(Collectors.groupingBy(e -> e.path("coupon_id").asLong(), Collectors.counting()));
                assertThat(limits).as("each limited coupon reached its limit once").isEqualTo(
                        Map.of(coupons.get(0), 1L, coupons.get(1), 1L));
                assertThat(Files.readString(log)).contains("Processor REBALANCING -> RUNNING");
            }
        }
    }

    /** ROWS single-row transactions spread over the coupons and 50 customers, about 300 per second. */
    private static void writeUsage(EmbeddedRuntime runtime, List<Long> coupons, AtomicInteger written) {
        try (Connection c = runtime.postgres().connect(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                VALUES (?, ?, ?, ?, 2.00, 25.00)""")) {
            for (int i = 0; i < ROWS; i++) {
                insert.setLong(1, coupons.get(i % coupons.size()));
                insert.setLong(2, RESTAURANT);
                insert.setLong(3, 5_000 + i % 50);
                insert.setLong(4, 800_000 + i);
                insert.executeUpdate();
                written.incrementAndGet();
                Thread.sleep(3);
            }
        } catch (Exception e) {
            throw new IllegalStateException("usage writer failed after " + written.get() + " rows", e);
        }
    }

    private static Map<String, JsonNode> latestCounts(String bootstrap, List<Long> coupons, Map<Long, Long> inSql) {
        try (TopicTail tail = new TopicTail(bootstrap, DerivedTopics.REDEMPTION_COUNTS.name())) {
            Map<String, JsonNode> latest = new HashMap<>();
            tail.awaitUntil(seen -> {
                latest.clear();
                seen.forEach(r -> latest.put(r.key(), parse(r.value())));
                return coupons.stream().allMatch(c -> latest.get(key("coupon", c)) != null
                        && latest.get(key("coupon", c)).path("redemptions").path("total").asLong() == inSql.get(c))
                        && latest.get(key("restaurant", RESTAURANT)) != null
                        && latest.get(key("restaurant", RESTAURANT)).path("redemptions").path("total").asLong() == ROWS;
            }, WAIT).forEach(SchemaValidator.bundled()::requireValid);
            return latest;
        }
    }

    private static List<JsonNode> events(String bootstrap, int redemptions) {
        try (TopicTail tail = new TopicTail(bootstrap, DerivedTopics.COUPON_ACTIVITY.name())) {
            tail.awaitUntil(seen -> seen.stream().filter(r -> r.value().contains("\"type\":\"coupon_redeemed\""))
                    .map(r -> parse(r.value()).path("event_id").asText()).distinct().count() >= redemptions, WAIT);
            List<ConsumerRecord<String, String>> all = tail.drain(Duration.ofSeconds(2));
            all.forEach(SchemaValidator.bundled()::requireValid);
            return all.stream().map(r -> parse(r.value())).toList();
        }
    }

    private static Map<Long, Long> countsBy(Connection db, String column) throws Exception {
        Map<Long, Long> counts = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT " + column
                + ", count(*) FROM menuca_v3.coupon_usage_log WHERE restaurant_id = " + RESTAURANT + " GROUP BY 1")) {
            while (rs.next()) {
                counts.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static long id(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String key(String scope, long id) {
        return "{\"scope\":\"" + scope + "\",\"id\":" + id + "}";
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? Json.mapper().nullNode() : Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
