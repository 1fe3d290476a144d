package com.menuca.promo.processor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.ops.OpsHttpServer;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.testing.TopicTail;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.serving.QueryRoutes;
import com.menuca.promo.processor.topology.StoreNames;
import com.menuca.promo.processor.warmup.WarmUpReport;
import com.menuca.promo.catalog.SchemaValidator;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The processor on a real PostgreSQL (logical replication), Kafka broker and capture: rows written
 * over JDBC become derived events, counts and savings that match SQL, served over HTTP too; a
 * garbage record is dead-lettered; a reset re-derives the same events. One stack for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessorIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The query API's credential (processor.query.token) in these tests. */
    private static final String QUERY_TOKEN = "processor-it-query-token-0123456789abcdef";
    private static final SchemaValidator SCHEMAS = SchemaValidator.bundled();
    private static final int STATE_MEMORY_MB = 48;

    private Path home;
    private EmbeddedRuntime runtime;
    private CaptureService capture;
    private OpsHttpServer http;
    private ProcessorConfig config;
    private ProcessorService processor;
    private Connection connection;
    private PromoDatabase db;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void startStack() throws Exception {
        home = Files.createTempDirectory("processor-it");
        runtime = EmbeddedRuntime.start(home, 0, 0);
        String kafka = runtime.kafka().bootstrapServers();
        capture = new CaptureService(CaptureConfig.load(ConfigSource.of(CaptureConfig.endpoints(runtime.postgres().host(),
                runtime.postgres().port(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD, kafka))), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        capture.start();
        capture.awaitStreaming(WAIT);
        config = configWithState(home.resolve("processor"));
        processor = startProcessor(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        connection = runtime.postgres().connect();
        db = new PromoDatabase(connection);
    }

    private ProcessorConfig configWithState(Path stateDir) {
        return ProcessorConfig.load(ConfigSource.of(Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS.key(), runtime.kafka().bootstrapServers(),
                ProcessorConfig.STATE_DIR.key(), stateDir.toString(),
                ProcessorConfig.APPLICATION_ID.key(), "processor-it",
                // every start warms up (shorter than the default: the tests start three processors)
                ProcessorConfig.WARMUP_DURATION.key(), "1s",
                // not the default, so that the stores' cache capacity shows the setting reached them
                ProcessorConfig.STATE_MEMORY_MB.key(), String.valueOf(STATE_MEMORY_MB),
                ProcessorConfig.QUERY_TOKEN.key(), QUERY_TOKEN)));
    }

    /** Starts the processor with its own HTTP endpoint (replacing the previous one). */
    private ProcessorService startProcessor(PrometheusMeterRegistry registry) throws Exception {
        if (http != null) {
            http.close();
        }
        http = OpsHttpServer.start("127.0.0.1", 0, new Readiness(), registry);
        ProcessorService started = new ProcessorService(config, registry);
        QueryRoutes.register(http, started);
        started.start("127.0.0.1:" + http.port());
        started.awaitRunning(WAIT);
        return started;
    }

    @AfterAll
    void stopStack() throws Exception {
        if (connection != null) {
            connection.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {http, processor, capture, runtime}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    /**
     * The warm-up ran the topology before the processor consumed (it derived records) and left nothing:
     * behind the first real redemption's events, counts and savings (the barrier), every derived topic
     * holds only that restaurant's and customer's records (the warm-up's world is restaurants 1 to 24 and
     * thousands of customers), the metrics count only the real change, and its scratch state is gone.
     */
    @Test
    @Order(0)
    void shouldHaveWarmedUpWithoutWritingToKafkaOrKeepingState() throws Exception {
        WarmUpReport warmUp = processor.warmUp().orElseThrow();
        assertThat(warmUp.changes()).isPositive();
        assertThat(warmUp.derived()).as("the topology ran on the synthetic changes").isPositive();
        assertThat(warmUp.scratch()).as("its scratch state, in the state directory").startsWithRaw(config.stateDir())
                .doesNotExist();

        long deal = db.deal(500, "Sentinel deal");
        long coupon = db.coupon(500, deal, "IT-SENTINEL", null);
        db.usage(coupon, 500, 999, 690_000);
        String[] derived = DerivedTopics.all().stream().map(t -> t.name()).toArray(String[]::new);
        try (TopicTail tail = new TopicTail(runtime.kafka().bootstrapServers(), derived)) {
            tail.awaitUntil(seen -> seen.stream().anyMatch(r -> r.topic().equals(DerivedTopics.COUPON_ACTIVITY.name())
                            && r.value() != null && r.value().contains("coupon_redeemed"))
                    && seen.stream().anyMatch(r -> r.topic().equals(DerivedTopics.REDEMPTION_COUNTS.name())
                            && r.key().equals("{\"scope\":\"restaurant\",\"id\":500}"))
                    && seen.stream().anyMatch(r -> r.topic().equals(DerivedTopics.CUSTOMER_SAVINGS.name())), WAIT);
            List<ConsumerRecord<String, String>> records = tail.drain(Duration.ofSeconds(1));
            records.forEach(SCHEMAS::requireValid);
            for (ConsumerRecord<String, String> record : records) {
                assertThat(record.topic()).isNotEqualTo(DerivedTopics.DEAD_LETTER.name());
                assertThat(record.value()).as("no tombstone: nothing was deleted").isNotNull();
                JsonNode value = Json.mapper().readTree(record.value());
                if (record.topic().equals(DerivedTopics.CUSTOMER_SAVINGS.name())) {
                    assertThat(value.path("customer_id").asLong()).as("%s", record.value()).isEqualTo(999);
                } else {
                    assertThat(value.path("restaurant_id").asLong()).as("%s on %s", record.value(), record.topic())
                            .isEqualTo(500);
                }
            }
        }
        assertThat(text("/metrics")).contains("promo_processor_changes_total{table=\"coupon_usage_log\"} "
                + (double) db.count("SELECT count(*) FROM menuca_v3.coupon_usage_log"));
    }

    /**
     * Every RocksDB store of every task (restaurant, intake and customer steps alike) reads through one
     * block cache of processor.state.memory.mb, as Kafka Streams' own RocksDB metrics report it, rather
     * than a 50 MB cache of its own each.
     */
    @Test
    @Order(1)
    void shouldKeepEveryStateStoreInOneMemoryBudget() {
        Map<String, Long> capacityByStore = new HashMap<>();
        processor.streams().metrics().forEach((name, metric) -> {
            if (name.name().equals("block-cache-capacity")) {
                capacityByStore.put(name.tags().get("task-id") + "/" + name.tags().get("rocksdb-state-id"),
                        ((Number) metric.metricValue()).longValue());
            }
        });
        Set<String> stores = capacityByStore.keySet().stream().map(key -> key.substring(key.indexOf('/') + 1))
                .collect(Collectors.toSet());
        assertThat(stores).contains(StoreNames.WAL_HIGHEST, StoreNames.TALLIES, StoreNames.COUPONS, StoreNames.SAVINGS);
        assertThat(capacityByStore.values()).as("%s", capacityByStore).containsOnly(STATE_MEMORY_MB * 1024L * 1024L);
    }

    @Test
    @Order(1)
    void shouldAnnounceALimitExactlyOnceAndCountAsSqlDoes() throws Exception {
        long deal = db.deal(501, "IT deal");
        long coupon = db.coupon(501, deal, "IT-LIMIT", 25);
        for (int i = 0; i < 30; i++) {
            db.usage(coupon, 501, 1_000 + i % 7, 700_000 + i);
        }
        long inSql = db.count("SELECT count(*) FROM menuca_v3.coupon_usage_log WHERE coupon_id = " + coupon);

        List<JsonNode> events = awaitEvents(DerivedTopics.COUPON_ACTIVITY.name(), seen ->
                ofCoupon(seen, coupon, "coupon_redeemed").size() >= inSql);
        assertThat(ofCoupon(events, coupon, "coupon_redeemed")).hasSize((int) inSql);
        List<JsonNode> reached = ofCoupon(events, coupon, "coupon_limit_reached");
        assertThat(reached).as("exactly one limit event").hasSize(1);
        assertThat(reached.get(0).path("data").path("redemptions").asLong()).isEqualTo(25);
        assertThat(reached.get(0).path("data").path("code").asText()).isEqualTo("IT-LIMIT");
        assertThat(events).extracting(e -> e.path("event_id").asText()).doesNotHaveDuplicates();
        JsonNode firstRedemption = ofCoupon(events, coupon, "coupon_redeemed").get(0);
        assertThat(firstRedemption.path("data").path("deal_title").asText()).isEqualTo("IT deal");
        assertThat(firstRedemption.path("source").path("lsn").asLong()).isPositive();

        assertThat(awaitLatestCounts("coupon", coupon, inSql).path("limit_reached").asBoolean()).isTrue();
        assertThat(awaitLatestCounts("deal", deal, inSql).path("redemptions").path("today").asLong()).isEqualTo(inSql);
        JsonNode served = get("/coupons/" + coupon + "/counts");
        assertThat(served.path("redemptions").path("total").asLong()).isEqualTo(inSql);
        assertThat(served.path("usage_limit").asInt()).isEqualTo(25);
        assertThat(get("/restaurants/501/counts").path("redemptions").path("total").asLong())
                .isEqualTo(db.count("SELECT count(*) FROM menuca_v3.coupon_usage_log WHERE restaurant_id = 501"));
        JsonNode performance = get("/restaurants/501/performance");
        assertThat(performance.path("active_deals").asInt()).isEqualTo(1);
        assertThat(performance.path("deals").get(0).path("usage_count").asLong()).isEqualTo(inSql);
    }

    @Test
    @Order(2)
    void shouldAdjustEveryNumberOnRefundsAndMatchSql() throws Exception {
        long deal = db.deal(502, "Refund deal");
        long coupon = db.coupon(502, deal, "IT-REFUND", null);
        List<Long> usages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            usages.add(db.usage(coupon, 502, 2_000 + i % 3, 710_000 + i));
        }
        db.execute("DELETE FROM menuca_v3.coupon_usage_log WHERE id IN (" + usages.get(0) + "," + usages.get(5) + ")");
        db.execute("UPDATE menuca_v3.coupon_usage_log SET discount_applied = 1.00 WHERE id = " + usages.get(7));
        long inSql = db.count("SELECT count(*) FROM menuca_v3.coupon_usage_log WHERE coupon_id = " + coupon);
        BigDecimal discount = db.sum("SELECT sum(discount_applied) FROM menuca_v3.coupon_usage_log WHERE coupon_id = " + coupon);

        awaitLatestCounts("coupon", coupon, counts -> counts.path("redemptions").path("total").asLong() == inSql
                && new BigDecimal(counts.path("discount_given").path("total").asText()).compareTo(discount) == 0);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode savings = get("/customers/2000/savings");
            assertThat(savings.path("redemptions").asLong())
                    .isEqualTo(db.count("SELECT count(*) FROM menuca_v3.coupon_usage_log WHERE customer_id = 2000"));
            assertThat(new BigDecimal(savings.path("total_saved").asText())).isEqualByComparingTo(
                    db.sum("SELECT sum(discount_applied) FROM menuca_v3.coupon_usage_log WHERE customer_id = 2000"));
        });
        // The statements: the same counts, and each customer's latest rows in SQL's order (refunded ones gone).
        for (long customer : List.of(2_000L, 2_001L)) {
            JsonNode statement = get("/customers/" + customer + "/redemptions");
            assertThat(statement.path("redemptions").asLong()).isEqualTo(
                    db.count("SELECT count(*) FROM menuca_v3.coupon_usage_log WHERE customer_id = " + customer));
            List<Long> listed = new ArrayList<>();
            statement.path("latest").forEach(line -> listed.add(line.path("usage_id").asLong()));
            assertThat(listed).as("customer %d", customer).containsExactlyElementsOf(db.longs("SELECT id FROM"
                    + " menuca_v3.coupon_usage_log WHERE customer_id = " + customer + " ORDER BY used_at DESC, id DESC LIMIT 20"));
        }
        JsonNode corrected = java.util.stream.StreamSupport.stream(get("/customers/2001/redemptions").path("latest")
                        .spliterator(), false)
                .filter(line -> line.path("usage_id").asLong() == usages.get(7)).findFirst().orElseThrow();
        assertThat(corrected.path("code").asText()).isEqualTo("IT-REFUND");
        assertThat(corrected.path("deal_title").asText()).isEqualTo("Refund deal");
        assertThat(new BigDecimal(corrected.path("discount_applied").asText())).isEqualByComparingTo("1.00");
    }

    @Test
    @Order(3)
    void shouldDeadLetterGarbageAndGoOn() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.kafka().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(CdcTable.COUPON_USAGE_LOG.topic().name(), "{\"id\":-1}", "garbage")).get();
        }
        long deal = db.deal(503, "After garbage");
        long coupon = db.coupon(503, deal, "IT-AFTER", null);
        db.usage(coupon, 503, 3_000, 720_000);

        try (TopicTail tail = new TopicTail(runtime.kafka().bootstrapServers(), DerivedTopics.DEAD_LETTER.name())) {
            List<ConsumerRecord<String, String>> letters = tail.awaitUntil(seen -> seen.stream()
                    .anyMatch(r -> r.value().contains("\"value\":\"garbage\"")), WAIT);
            letters.forEach(SCHEMAS::requireValid);
            JsonNode letter = Json.mapper().readTree(letters.stream().filter(r -> r.value().contains("garbage"))
                    .findFirst().orElseThrow().value());
            assertThat(letter.path("reason").asText()).isEqualTo("unparseable");
            assertThat(letter.path("source").path("topic").asText()).isEqualTo(CdcTable.COUPON_USAGE_LOG.topic().name());
        }
        awaitEvents(DerivedTopics.COUPON_ACTIVITY.name(), seen -> ofCoupon(seen, coupon, "coupon_redeemed").size() == 1);
        assertThat(text("/metrics")).contains("promo_processor_dead_letters_total{reason=\"unparseable\"} 1.0")
                .contains("promo_processor_running 1.0");
    }

    @Test
    @Order(4)
    void shouldRefuseQueriesWithoutTheQueryToken() throws Exception {
        for (String path : List.of("/customers/2000/savings", "/restaurants/501/performance", "/coupons/1/counts")) {
            HttpResponse<String> none = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                    + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).as("GET %s without a token", path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(none.body()).doesNotContain("redemptions").doesNotContain("total_saved");
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                    + path)).header("Authorization", "Bearer " + QUERY_TOKEN.replace('0', '1')).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).as("GET %s with another token", path).isEqualTo(401);
        }
        assertThat(get("/customers/2000/savings").path("redemptions").asLong()).as("with the token").isPositive();
    }

    @Test
    @Order(4)
    void shouldAnswerEveryQueryOnEitherInstanceWhenTwoSharePartitions() throws Exception {
        // restaurants 501, 502 and 504 hash to the three partitions, so each instance holds one of them
        long deal = db.deal(504, "Routing deal");
        long coupon = db.coupon(504, deal, "IT-ROUTE", null);
        for (int i = 0; i < 3; i++) {
            db.usage(coupon, 504, 4_000 + i, 730_000 + i);
        }
        awaitLatestCounts("restaurant", 504, 3);
        Map<String, String> before = new LinkedHashMap<>();
        for (String path : queries()) {
            before.put(path, text(path));
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (OpsHttpServer secondHttp = OpsHttpServer.start("127.0.0.1", 0, new Readiness(), registry);
             ProcessorService second = new ProcessorService(configWithState(home.resolve("processor-2")), registry)) {
            QueryRoutes.register(secondHttp, second);
            second.start("127.0.0.1:" + secondHttp.port());
            await().atMost(WAIT).until(() -> second.isRunning() && processor.isRunning()
                    && processor.streams().metadataForAllStreamsClients().size() == 2
                    && !second.streams().metadataForLocalThreads().iterator().next().activeTasks().isEmpty());
            Set<Integer> holders = new HashSet<>();
            for (long restaurant : List.of(501L, 502L, 504L)) {
                holders.add(processor.streams().queryMetadataForKey(StoreNames.DEALS, restaurant,
                        Serdes.Long().serializer()).activeHost().port());
            }
            assertThat(holders).as("the restaurants are spread over both instances, so each forwards some queries")
                    .containsExactlyInAnyOrder(http.port(), secondHttp.port());
            for (String path : queries()) {
                JsonNode expected = stable(before.get(path));
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(stable(text(path))).as("%s on the first instance", path).isEqualTo(expected);
                    assertThat(stable(text(secondHttp.port(), path))).as("%s on the second instance", path).isEqualTo(expected);
                });
            }
        }
        await().atMost(WAIT).until(() -> processor.isRunning()
                && processor.streams().metadataForAllStreamsClients().size() == 1);
    }

    private List<String> queries() throws Exception {
        long coupon = db.count("SELECT id FROM menuca_v3.promotional_coupons WHERE code = 'IT-LIMIT'");
        long deal = db.count("SELECT id FROM menuca_v3.promotional_deals WHERE title = 'Refund deal'");
        return List.of("/restaurants/501/counts", "/restaurants/502/counts", "/restaurants/503/counts",
                "/restaurants/504/counts",
                "/restaurants/501/performance", "/coupons/" + coupon + "/counts", "/deals/" + deal + "/counts",
                "/customers/2000/savings", "/customers/1003/savings", "/customers/2000/redemptions");
    }

    /**
     * A query's answer without what moves with the clock: the time of the answer, deals' time left, and
     * the per-minute window (it slides each minute: only its non-empty minutes are compared).
     */
    private static JsonNode stable(String json) throws IOException {
        ObjectNode node = (ObjectNode) Json.mapper().readTree(json).deepCopy();
        node.remove(List.of("as_of", "deals", "top_deals"));
        JsonNode perMinute = node.get("redemptions_per_minute");
        if (perMinute != null && perMinute.isArray()) {
            ArrayNode busy = node.putArray("redemptions_per_minute");
            perMinute.forEach(minute -> {
                if (minute.path("redemptions").asLong() > 0) {
                    busy.add(minute);
                }
            });
        }
        return node;
    }

    @Test
    @Order(5)
    void shouldRederiveTheSameEventsAfterAReset() throws Exception {
        Map<String, String> before = eventIdsByKind(awaitEvents(DerivedTopics.COUPON_ACTIVITY.name(), seen -> true));
        long couponsBefore = before.values().stream().filter(t -> t.equals("coupon_redeemed")).count();
        assertThat(couponsBefore).isGreaterThanOrEqualTo(40);

        processor.close();
        ApplicationReset.Outcome outcome = new ApplicationReset(config).run();
        assertThat(outcome.groupDeleted()).isTrue();
        assertThat(outcome.internalTopicsDeleted()).anyMatch(t -> t.endsWith("-changelog"))
                .anyMatch(t -> t.endsWith("-repartition"));
        processor = startProcessor(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

        List<JsonNode> after = awaitEvents(DerivedTopics.COUPON_ACTIVITY.name(), seen -> {
            Map<String, Long> times = seen.stream().collect(Collectors.groupingBy(e -> e.path("event_id").asText(),
                    Collectors.counting()));
            return before.keySet().stream().allMatch(id -> times.getOrDefault(id, 0L) >= 2);
        });
        Map<String, List<JsonNode>> byId = after.stream().collect(Collectors.groupingBy(e -> e.path("event_id").asText()));
        for (String id : before.keySet()) {
            List<JsonNode> copies = byId.get(id);
            assertThat(copies).as("event %s derived again", id).hasSize(2);
            JsonNode original = copies.get(0).deepCopy();
            JsonNode again = copies.get(1).deepCopy();
            assertThat(again.path("data")).isEqualTo(original.path("data"));
            if (!original.path("type").asText().endsWith("limit_reached")) {
                // a limit event is caused by whichever row crossed: catching up, rows of different
                // partitions may meet in another order than live, so its source and time may differ
                assertThat(again.path("occurred_at")).isEqualTo(original.path("occurred_at"));
                assertThat(again.path("source")).isEqualTo(original.path("source"));
            }
        }
        assertThat(byId.keySet()).as("nothing new but the re-derived events").isEqualTo(before.keySet());
        long coupon = db.count("SELECT id FROM menuca_v3.promotional_coupons WHERE code = 'IT-LIMIT'");
        awaitLatestCounts("coupon", coupon, db.count("SELECT count(*) FROM menuca_v3.coupon_usage_log WHERE coupon_id = " + coupon));
    }

    private Map<String, String> eventIdsByKind(List<JsonNode> events) {
        Map<String, String> ids = new LinkedHashMap<>();
        events.forEach(e -> ids.put(e.path("event_id").asText(), e.path("type").asText()));
        return ids;
    }

    /** Everything on an event topic until {@code done}, each record checked against its schema. */
    private List<JsonNode> awaitEvents(String topic, java.util.function.Predicate<List<JsonNode>> done) {
        try (TopicTail tail = new TopicTail(runtime.kafka().bootstrapServers(), topic)) {
            List<ConsumerRecord<String, String>> records = tail.awaitUntil(seen -> done.test(parse(seen)), WAIT);
            records = tail.drain(Duration.ofSeconds(1));
            records.forEach(SCHEMAS::requireValid);
            return parse(records);
        }
    }

    private static List<JsonNode> parse(List<ConsumerRecord<String, String>> records) {
        List<JsonNode> nodes = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                nodes.add(Json.mapper().readTree(record.value()));
            } catch (IOException e) {
                throw new AssertionError("not JSON on " + record.topic() + ": " + record.value(), e);
            }
        }
        return nodes;
    }

    private static List<JsonNode> ofCoupon(List<JsonNode> events, long coupon, String type) {
        return events.stream().filter(e -> e.path("coupon_id").asLong() == coupon && e.path("type").asText().equals(type))
                .toList();
    }

    /** Waits until the latest counts of the key on promo.redemption-counts show {@code total} redemptions. */
    private JsonNode awaitLatestCounts(String scope, long id, long total) {
        return awaitLatestCounts(scope, id, counts -> counts.path("redemptions").path("total").asLong() == total);
    }

    /** Waits until the latest counts of the key on promo.redemption-counts satisfy {@code expected}. */
    private JsonNode awaitLatestCounts(String scope, long id, java.util.function.Predicate<JsonNode> expected) {
        String key = "{\"scope\":\"" + scope + "\",\"id\":" + id + "}";
        try (TopicTail tail = new TopicTail(runtime.kafka().bootstrapServers(), DerivedTopics.REDEMPTION_COUNTS.name())) {
            Map<String, JsonNode> latest = new HashMap<>();
            tail.awaitUntil(seen -> {
                latest.clear();
                for (ConsumerRecord<String, String> record : seen) {
                    latest.put(record.key(), record.value() == null ? null : parse(List.of(record)).get(0));
                }
                return latest.get(key) != null && expected.test(latest.get(key));
            }, WAIT).forEach(SCHEMAS::requireValid);
            return latest.get(key);
        }
    }

    private JsonNode get(String path) throws Exception {
        return Json.mapper().readTree(text(path));
    }

    private String text(String path) throws Exception {
        return text(http.port(), path);
    }

    private String text(int port, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + QUERY_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }
}
