package com.menuca.promo.processor.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.processor.savings.SavingsAccount;
import com.menuca.promo.processor.savings.SavingsStatement;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.CustomerSavings;
import com.menuca.promo.schemas.derived.DeadLetter;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import com.menuca.promo.schemas.derived.RestaurantKey;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import com.menuca.promo.catalog.SchemaValidator;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real topology ({@link PromoTopology#build}) in a {@link TopologyTestDriver}, fed with Debezium
 * envelopes and read back from every derived topic. Its clock is the driver's wall clock; each
 * change commits "now" with the next LSN.
 */
final class DerivationHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final SchemaValidator VALIDATOR = SchemaValidator.bundled();

    private final TopologyTestDriver driver;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<CdcTable, TestInputTopic<byte[], byte[]>> inputs = new EnumMap<>(CdcTable.class);
    private final Map<String, TestOutputTopic<String, String>> outputs = new LinkedHashMap<>();
    private final List<DerivedEvent> events = new ArrayList<>();
    private final Map<CountsKey, RedemptionCounts> latestCounts = new LinkedHashMap<>();
    private final List<CountsKey> countsPublished = new ArrayList<>();
    private final List<DealPerformance> performance = new ArrayList<>();
    private final Map<Long, CustomerSavings> savings = new LinkedHashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private Instant clock;
    private long lsn = 10_000;

    /** A piped change: enough to deliver it again, byte for byte. */
    record Piped(CdcTable table, byte[] key, byte[] value) {
    }

    DerivationHarness() {
        this(DerivationSettings.defaults());
    }

    DerivationHarness(DerivationSettings settings) {
        this(settings, T0);
    }

    DerivationHarness(DerivationSettings settings, Instant start) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "derivation-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd-state").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        clock = start;
        DerivationMetrics metrics = new DerivationMetrics(registry);
        ProcessingFailures.install(props, metrics); // as the processor service does
        driver = new TopologyTestDriver(PromoTopology.build(settings, metrics), props, start);
        for (CdcTable table : PromoTopology.INPUT_TABLES) {
            inputs.put(table, driver.createInputTopic(table.topic().name(), new ByteArraySerializer(),
                    new ByteArraySerializer()));
        }
        for (Topic<?, ?> topic : DerivedTopics.all()) {
            outputs.put(topic.name(), driver.createOutputTopic(topic.name(), new StringDeserializer(),
                    new StringDeserializer()));
        }
    }

    /**
     * Everything new on a derived topic, each record checked against the topic's JSON Schemas in the
     * catalogue (tombstones are valid on the compacted topics), then read with the topic's serdes.
     */
    private <K, V> List<KeyValue<K, V>> drain(Topic<K, V> topic) {
        List<KeyValue<K, V>> records = new ArrayList<>();
        for (TestRecord<String, String> raw : outputs.get(topic.name()).readRecordsToList()) {
            VALIDATOR.requireValid(topic.name(), raw.key(), raw.value());
            V value = topic.valueSerde().deserializer().deserialize(topic.name(), utf8(raw.value()));
            // The contract: a business event's record time is its occurred_at (the cause's commit time, or its deadline).
            if (value instanceof DerivedEvent event && raw.timestamp() != event.occurredAt().toEpochMilli()) {
                throw new AssertionError("event " + event.eventId() + " (" + event.type() + ") has record time "
                        + Instant.ofEpochMilli(raw.timestamp()) + ", not its occurred_at " + event.occurredAt());
            }
            records.add(KeyValue.pair(topic.keySerde().deserializer().deserialize(topic.name(), utf8(raw.key())), value));
        }
        return records;
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    Instant now() {
        return clock;
    }

    Piped insert(CdcTable table, ObjectNode row) {
        return pipe(table, Op.CREATE, null, row);
    }

    Piped update(CdcTable table, ObjectNode before, ObjectNode after) {
        return pipe(table, Op.UPDATE, before, after);
    }

    Piped delete(CdcTable table, ObjectNode before) {
        return pipe(table, Op.DELETE, before, null);
    }

    Piped snapshot(CdcTable table, ObjectNode row) {
        return pipe(table, Op.READ, null, row);
    }

    Piped pipe(CdcTable table, Op op, ObjectNode before, ObjectNode after) {
        ObjectNode row = after != null ? after : before;
        ObjectNode key = Json.mapper().createObjectNode();
        table.primaryKey().forEach(column -> key.set(column, row.get(column)));
        long changeLsn = ++lsn;
        ObjectNode source = Json.mapper().createObjectNode().put("version", "3.6.1.Final").put("connector", "postgresql")
                .put("name", "menuca").put("ts_ms", clock.toEpochMilli()).put("snapshot", op == Op.READ ? "true" : "false")
                .put("db", "menuca").put("schema", "menuca_v3").put("table", table.tableName()).put("txId", 700L)
                .put("lsn", changeLsn);
        if (op == Op.READ) {
            source.putNull("sequence");
        } else {
            source.put("sequence", "[\"" + (changeLsn - 1) + "\",\"" + changeLsn + "\"]");
        }
        ObjectNode envelope = Json.mapper().createObjectNode().put("op", op.code());
        envelope.set("before", before);
        envelope.set("after", after);
        envelope.set("source", source);
        envelope.putNull("transaction");
        envelope.put("ts_ms", clock.toEpochMilli());
        Piped piped = new Piped(table, bytes(key), bytes(envelope));
        redeliver(piped);
        return piped;
    }

    /** Pipes raw bytes to a change topic (unparseable input). */
    void pipeRaw(CdcTable table, String key, String value) {
        inputs.get(table).pipeInput(new TestRecord<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), clock));
    }

    /** Pipes a record to the repartition topic in front of a step (as a faulty or older upstream step would write it). */
    void pipeRepartition(String name, byte[] key, String value) {
        driver.createInputTopic("derivation-test-" + name + "-repartition", new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(key, value.getBytes(StandardCharsets.UTF_8), clock));
    }

        /** Delivers a change again, as Debezium does after a crash (a new offset, the same LSN). */
    void redeliver(Piped piped) {
        inputs.get(piped.table()).pipeInput(new TestRecord<>(piped.key(), piped.value(), clock));
    }

    /** Moves the wall clock, running punctuations on the way (one per second, as a live stream thread would). */
    void advance(Duration by) {
        Instant target = clock.plus(by);
        while (clock.isBefore(target)) {
            Duration step = Duration.between(clock, target).compareTo(Duration.ofSeconds(1)) > 0
                    ? Duration.ofSeconds(1) : Duration.between(clock, target);
            driver.advanceWallClockTime(step);
            clock = clock.plus(step);
        }
    }

    /** Jumps the wall clock in one step (one punctuation), like a processor that was busy or down. */
    void jump(Duration by) {
        driver.advanceWallClockTime(by);
        clock = clock.plus(by);
    }

    List<DerivedEvent> events() {
        for (Topic<RestaurantKey, DerivedEvent> topic : List.of(DerivedTopics.DEAL_LIFECYCLE, DerivedTopics.COUPON_ACTIVITY)) {
            drain(topic).forEach(kv -> {
                if (!kv.key.equals(kv.value.key())) {
                    throw new AssertionError("event " + kv.value.eventId() + " published under key " + kv.key);
                }
                events.add(kv.value);
            });
        }
        return List.copyOf(events);
    }

    List<DerivedEvent> events(DerivedEventType type) {
        return events().stream().filter(e -> e.type().equals(type.wireName())).toList();
    }

    /** The latest published counts, after a second of wall clock (counts are published once per interval). */
    RedemptionCounts counts(CountsScope scope, long id) {
        advance(Duration.ofSeconds(1));
        drainCounts();
        return latestCounts.get(new CountsKey(scope, id));
    }

    /** Every key counts were published under so far, in order (one entry per record). */
    List<CountsKey> countsPublished() {
        drainCounts();
        return List.copyOf(countsPublished);
    }

    boolean countsDeleted(CountsScope scope, long id) {
        drainCounts();
        return latestCounts.containsKey(new CountsKey(scope, id)) && latestCounts.get(new CountsKey(scope, id)) == null;
    }

    private void drainCounts() {
        drain(DerivedTopics.REDEMPTION_COUNTS).forEach(kv -> {
            latestCounts.put(kv.key, kv.value);
            countsPublished.add(kv.key);
        });
    }

    List<DealPerformance> performance() {
        drain(DerivedTopics.DEAL_PERFORMANCE).forEach(kv -> performance.add(kv.value));
        return List.copyOf(performance);
    }

    CustomerSavings savings(long customerId) {
        drain(DerivedTopics.CUSTOMER_SAVINGS).forEach(kv -> savings.put(kv.key.customerId(), kv.value));
        return savings.get(customerId);
    }

    /** A customer's statement as the query API serves it, read from the savings store now. */
    SavingsStatement statement(long customerId) {
        return account(customerId).statement(customerId, clock);
    }

    /** A customer's account in the savings store (empty when never seen). */
    SavingsAccount account(long customerId) {
        KeyValueStore<Long, SavingsAccount> accounts = driver.getKeyValueStore(StoreNames.SAVINGS);
        SavingsAccount account = accounts.get(customerId);
        return account == null ? SavingsAccount.EMPTY : account;
    }

    List<DeadLetter> deadLetters() {
        drain(DerivedTopics.DEAD_LETTER).forEach(kv -> deadLetters.add(kv.value));
        return List.copyOf(deadLetters);
    }

    double metric(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
    }
}
