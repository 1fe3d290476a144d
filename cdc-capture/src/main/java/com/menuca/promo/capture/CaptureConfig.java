package com.menuca.promo.capture;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.postgres.PostgresConnection;
import com.menuca.promo.common.postgres.PostgresSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the capture service can be told, read once at start-up from a properties file,
 * {@code PROMO_*} environment variables and command-line overrides.
 */
public record CaptureConfig(
        PostgresConnection postgres,
        KafkaConnection kafka,
        String slotName,
        String publicationName,
        String offsetsTopic,
        short replicationFactor,
        Duration heartbeatInterval,
        Duration pollInterval,
        int maxBatchSize,
        int maxQueueSize,
        Duration offsetFlushInterval,
        Duration startupTimeout,
        Duration sendTimeout,
        SnapshotMode snapshotMode,
        boolean debeziumLagStatistics,
        String httpHost,
        int httpPort) {

    /** When the initial snapshot of existing rows is taken. */
    public enum SnapshotMode {
        /** Snapshot on the first start (no stored offset), stream afterwards. */
        INITIAL,
        /** Never snapshot; stream changes from the slot's position only. */
        NO_DATA
    }

    public static final Setting<String> SLOT_NAME = Setting.of("capture.slot.name", ValueParser.STRING, "promo_capture",
            "Logical replication slot; one per capture instance. Never dropped on stop.");
    public static final Setting<String> PUBLICATION_NAME = Setting.of("capture.publication.name", ValueParser.STRING,
            "promo_capture", "Publication of the five tables plus the heartbeat table; created if missing and the role may "
                    + "(else an administrator creates it: docs/postgres.md).");
    public static final Setting<String> OFFSETS_TOPIC = Setting.of("capture.offsets.topic", ValueParser.STRING,
            "promo.capture.offsets", "Compacted topic where the capture stores its WAL position.");
    public static final Setting<Integer> REPLICATION_FACTOR = Setting.of("capture.topic.replication.factor",
            ValueParser.intBetween(1, 10), 1, "Replication factor of topics the capture creates (3 in production).");
    public static final Setting<Duration> HEARTBEAT_INTERVAL = Setting.of("capture.heartbeat.interval",
            ValueParser.DURATION, Duration.ofSeconds(10),
            "How often the heartbeat row is written so an idle database never makes the slot hold WAL.");
    public static final Setting<Duration> POLL_INTERVAL = Setting.of("capture.poll.interval", ValueParser.DURATION,
            Duration.ofMillis(5), "Longest wait for more changes before a batch is handed over (latency vs throughput).");
    public static final Setting<Integer> MAX_BATCH_SIZE = Setting.of("capture.max.batch.size",
            ValueParser.intBetween(1, 100_000), 4096, "Most changes handed to Kafka in one batch.");
    public static final Setting<Integer> MAX_QUEUE_SIZE = Setting.of("capture.max.queue.size",
            ValueParser.intBetween(2, 1_000_000), 16_384, "Changes buffered between WAL reader and Kafka (must exceed the batch size).");
    public static final Setting<Duration> OFFSET_FLUSH_INTERVAL = Setting.of("capture.offset.flush.interval",
            ValueParser.DURATION, Duration.ofSeconds(1),
            "How often the acknowledged WAL position is stored and confirmed to PostgreSQL.");
    public static final Setting<Duration> STARTUP_TIMEOUT = Setting.of("capture.startup.timeout", ValueParser.DURATION,
            Duration.ofSeconds(60), "How long to keep retrying PostgreSQL and Kafka at start before giving up.");
    public static final Setting<Duration> SEND_TIMEOUT = Setting.of("capture.send.timeout", ValueParser.DURATION,
            Duration.ofMinutes(2), "How long a change may wait for Kafka (retrying) before the engine stops and restarts from its stored offset.");
    public static final Setting<SnapshotMode> SNAPSHOT_MODE = Setting.of("capture.snapshot.mode",
            ValueParser.oneOf(SnapshotMode.class), SnapshotMode.INITIAL, "initial: snapshot existing rows on first start; no-data: stream only.");
    public static final Setting<Boolean> DEBEZIUM_LAG_STATISTICS = Setting.of("capture.debezium.lag.statistics",
            ValueParser.BOOLEAN, false, "Keep Debezium's own per-change lag statistics (JMX MilliSecondsBehindSource); "
                    + "they cost about a quarter of bulk throughput, and promo.capture.lag measures commit to Kafka without them.");
    public static final Setting<String> HTTP_HOST = Setting.of("capture.http.host", ValueParser.STRING, "127.0.0.1",
            "Interface of the /health, /ready and /metrics endpoint.");
    public static final Setting<Integer> HTTP_PORT = Setting.of("capture.http.port", ValueParser.PORT, 8081,
            "Port of the /health, /ready and /metrics endpoint (0 = any free port).");

    public static final List<Setting<?>> SETTINGS = settings();

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new java.util.ArrayList<>(PostgresSettings.SETTINGS);
        all.addAll(KafkaSettings.SETTINGS);
        all.addAll(List.of(SLOT_NAME, PUBLICATION_NAME, OFFSETS_TOPIC,
                REPLICATION_FACTOR, HEARTBEAT_INTERVAL, POLL_INTERVAL, MAX_BATCH_SIZE, MAX_QUEUE_SIZE,
                OFFSET_FLUSH_INTERVAL, STARTUP_TIMEOUT, SEND_TIMEOUT, SNAPSHOT_MODE, DEBEZIUM_LAG_STATISTICS, HTTP_HOST, HTTP_PORT));
        return List.copyOf(all);
    }

    public static CaptureConfig load(ConfigSource source) {
        ResolvedSettings s = ResolvedSettings.resolve("capture", SETTINGS, source);
        CaptureConfig config = new CaptureConfig(PostgresSettings.from("capture", s), KafkaSettings.from(s), s.get(SLOT_NAME),
                s.get(PUBLICATION_NAME), s.get(OFFSETS_TOPIC),
                s.get(REPLICATION_FACTOR).shortValue(), s.get(HEARTBEAT_INTERVAL), s.get(POLL_INTERVAL),
                s.get(MAX_BATCH_SIZE), s.get(MAX_QUEUE_SIZE), s.get(OFFSET_FLUSH_INTERVAL), s.get(STARTUP_TIMEOUT),
                s.get(SEND_TIMEOUT), s.get(SNAPSHOT_MODE), s.get(DEBEZIUM_LAG_STATISTICS), s.get(HTTP_HOST), s.get(HTTP_PORT));
        if (config.maxQueueSize() <= config.maxBatchSize()) {
            throw new com.menuca.promo.common.config.ConfigException("capture", List.of(
                    MAX_QUEUE_SIZE.key() + " (" + config.maxQueueSize() + ") must be larger than "
                            + MAX_BATCH_SIZE.key() + " (" + config.maxBatchSize() + ")"));
        }
        return config;
    }

    /** Overrides that point the capture at a PostgreSQL database and a Kafka cluster. */
    public static Map<String, String> endpoints(String postgresHost, int postgresPort, String database,
                                                        String user, String password, String kafkaBootstrap) {
        return Map.of(
                PostgresSettings.HOST.key(), postgresHost,
                PostgresSettings.PORT.key(), String.valueOf(postgresPort),
                PostgresSettings.DATABASE.key(), database,
                PostgresSettings.USER.key(), user,
                PostgresSettings.PASSWORD.key(), password,
                KafkaSettings.BOOTSTRAP_SERVERS.key(), kafkaBootstrap);
    }
}
