package com.menuca.promo.processor;

import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.processor.topology.DerivationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything the stream processor can be told, read once at start-up from a properties file,
 * {@code PROMO_*} environment variables and command-line overrides.
 */
public record ProcessorConfig(
        KafkaConnection kafka,
        String applicationId,
        Path stateDir,
        int threads,
        Duration commitInterval,
        int stateMemoryMb,
        RestaurantZones zones,
        List<Duration> expiryHorizons,
        Duration referenceWait,
        Duration dedupRetention,
        Duration publishInterval,
        int topDeals,
        short replicationFactor,
        String httpHost,
        int httpPort,
        String advertisedHost,
        Duration startupTimeout,
        Duration warmUp,
        String queryToken) {

    /** Durations such as {@code 24h,1h,15m}, each positive. */
    static final ValueParser<List<Duration>> DURATIONS = new ValueParser<>() {
        @Override
        public List<Duration> parse(String text) {
            List<Duration> durations = new ArrayList<>();
            for (String part : ValueParser.LIST.parse(text)) {
                Duration d = ValueParser.DURATION.parse(part);
                if (d.isZero() || d.isNegative()) {
                    throw new IllegalArgumentException("every horizon must be positive, got " + part);
                }
                durations.add(d);
            }
            return durations;
        }

        @Override
        public String format(List<Duration> value) {
            return value.stream().map(ValueParser.DURATION::format).collect(Collectors.joining(","));
        }
    };

    public static final Setting<String> APPLICATION_ID = Setting.of("processor.application.id", ValueParser.STRING,
            "promo-processor", "Kafka Streams application id: consumer group, prefix of internal topics and transactional ids. "
                    + "Every instance of one processor uses the same id.");
    public static final Setting<String> STATE_DIR = Setting.of("processor.state.dir", ValueParser.STRING,
            ".promo/processor", "Directory of the local state stores (RocksDB); rebuilt from Kafka when lost.");
    public static final Setting<Integer> THREADS = Setting.of("processor.threads", ValueParser.intBetween(1, 64), 1,
            "Stream threads of this instance.");
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.of("processor.commit.interval", ValueParser.DURATION,
            Duration.ofMillis(100), "How often a transaction commits: derived records become visible to read_committed "
                    + "consumers at commit (latency vs. throughput: each commit waits for the broker, which at 1,000 changes/s "
                    + "on two cores took a third of the stream thread's time at 25ms; docs/performance.md).");
    public static final Setting<Integer> STATE_MEMORY_MB = Setting.of("processor.state.memory.mb",
            ValueParser.intBetween(16, 1_048_576), 128, "Memory, outside the Java heap, that all RocksDB state stores of this "
                    + "instance share: one block cache (index and filter blocks included) with the memtables charged to it, "
                    + "half at most. Size the container for the heap plus this plus the JVM's own (docs/processor.md).");
    public static final Setting<Map<Long, ZoneId>> RESTAURANT_ZONES = Setting.optional("processor.restaurant.zones",
            RestaurantZones.MAPPING, "Time zone of restaurants whose \"today\" is not in the default zone: "
                    + "RESTAURANT_ID=ZONE pairs, such as 42=America/Toronto,7=Europe/Paris.");
    public static final Setting<ZoneId> DEFAULT_ZONE = Setting.of("processor.default.zone", RestaurantZones.ZONE,
            ZoneId.of("UTC"), "Time zone of every restaurant not listed in processor.restaurant.zones.");
    public static final Setting<List<Duration>> EXPIRY_HORIZONS = Setting.of("processor.expiry.horizons", DURATIONS,
            List.of(Duration.ofHours(24), Duration.ofHours(1), Duration.ofMinutes(15)),
            "How long before ends_at (deals) and valid_until (coupons) the expiring warnings fire.");
    public static final Setting<Duration> REFERENCE_WAIT = Setting.of("processor.reference.wait", ValueParser.DURATION,
            Duration.ofMinutes(5), "How long a usage row waits for its coupon (and the coupon's deal) to arrive "
                    + "before it goes to the dead-letter topic.");
    public static final Setting<Duration> DEDUP_RETENTION = Setting.of("processor.dedup.retention", ValueParser.DURATION,
            Duration.ofHours(1), "How long (in snapshot time) snapshot reads are remembered to drop their redelivery. "
                    + "Streamed changes need no retention: the highest WAL position per change-topic partition is kept.");
    public static final Setting<Duration> PUBLISH_INTERVAL = Setting.of("processor.publish.interval",
            ValueParser.DURATION, Duration.ofSeconds(1), "Least time between two publications of one restaurant's deal "
                    + "performance, or of the counts of one coupon, deal or restaurant (latest wins; changes in between are merged).");
    public static final Setting<Integer> TOP_DEALS = Setting.of("processor.top.deals", ValueParser.intBetween(1, 100), 5,
            "How many deals deal-performance lists as top deals.");
    public static final Setting<Integer> REPLICATION_FACTOR = Setting.of("processor.topic.replication.factor",
            ValueParser.intBetween(1, 10), 1, "Replication factor of the topics the processor creates: missing catalogue "
                    + "topics (partitions and configs from the catalogue) and its internal topics (3 in production).");
    public static final Setting<String> HTTP_HOST = Setting.of("processor.http.host", ValueParser.STRING, "127.0.0.1",
            "Interface of the query, /health, /ready and /metrics endpoint (keep the queries cluster-internal).");
    public static final Setting<Integer> HTTP_PORT = Setting.of("processor.http.port", ValueParser.PORT, 8082,
            "Port of the query, /health, /ready and /metrics endpoint (0 = any free port).");
    public static final Setting<String> ADVERTISED_HOST = Setting.optional("processor.http.advertised.host",
            ValueParser.STRING, "Host name other instances use to reach this one's queries (default: processor.http.host).");
    public static final Setting<Duration> STARTUP_TIMEOUT = Setting.of("processor.startup.timeout", ValueParser.DURATION,
            Duration.ofSeconds(60), "How long to keep retrying Kafka at start before giving up.");
    public static final Setting<Duration> WARMUP_DURATION = Setting.of("processor.warmup.duration",
            ValueParser.durationBetween(Duration.ZERO, Duration.ofMinutes(2)), Duration.ZERO,
            "How long at most the processor runs its own derivations on synthetic changes at start, before it joins "
                    + "the consumer group and reports ready, so the JIT compiles them before live changes arrive (nothing "
                    + "is written to Kafka or the state stores); it stops earlier once the JIT has settled. 0s = off, the "
                    + "default, which keeps embedded and test processors quick to start; the deployment descriptors set 10s "
                    + "(docs/processor.md, docs/performance.md).");

    public static final Setting<String> QUERY_TOKEN = Setting.optional("processor.query.token", ValueParser.STRING,
            "Bearer token every query request (/restaurants, /coupons, /deals, /customers) must carry as "
                    + "`Authorization: Bearer <token>`; at least 32 characters, the same on every instance (they forward "
                    + "queries to each other). Required: the processor does not start without it (promo dev sets its own).")
            .secret();

    public static final List<Setting<?>> SETTINGS = settings();

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(KafkaSettings.SETTINGS);
        all.addAll(List.of(APPLICATION_ID, STATE_DIR, THREADS,
                COMMIT_INTERVAL, STATE_MEMORY_MB, RESTAURANT_ZONES, DEFAULT_ZONE, EXPIRY_HORIZONS, REFERENCE_WAIT, DEDUP_RETENTION,
                PUBLISH_INTERVAL, TOP_DEALS, REPLICATION_FACTOR, HTTP_HOST, HTTP_PORT, ADVERTISED_HOST,
                STARTUP_TIMEOUT, WARMUP_DURATION, QUERY_TOKEN));
        return List.copyOf(all);
    }

    public static ProcessorConfig load(ConfigSource source) {
        ResolvedSettings s = ResolvedSettings.resolve("processor", SETTINGS, source);
        Map<Long, ZoneId> zones = s.get(RESTAURANT_ZONES);
        List<Duration> horizons = s.get(EXPIRY_HORIZONS).stream().distinct().sorted(Comparator.reverseOrder()).toList();
        if (horizons.isEmpty()) {
            throw new ConfigException("processor", List.of(EXPIRY_HORIZONS.key() + " needs at least one duration"));
        }
        String advertised = s.get(ADVERTISED_HOST);
        String token = s.get(QUERY_TOKEN);
        if (token == null || token.isBlank() || token.length() < 32) {
            throw new ConfigException("processor", List.of(QUERY_TOKEN.key() + " must be set to at least 32 characters "
                    + "(set " + QUERY_TOKEN.envVar() + ", e.g. from `openssl rand -base64 32`): the query API answers "
                    + "only requests that carry it"));
        }
        return new ProcessorConfig(KafkaSettings.from(s), s.get(APPLICATION_ID), Path.of(s.get(STATE_DIR)),
                s.get(THREADS), s.get(COMMIT_INTERVAL), s.get(STATE_MEMORY_MB), new RestaurantZones(zones == null ? Map.of() : zones,
                s.get(DEFAULT_ZONE)), horizons, s.get(REFERENCE_WAIT), s.get(DEDUP_RETENTION),
                s.get(PUBLISH_INTERVAL), s.get(TOP_DEALS), s.get(REPLICATION_FACTOR).shortValue(), s.get(HTTP_HOST), s.get(HTTP_PORT),
                advertised == null ? s.get(HTTP_HOST) : advertised, s.get(STARTUP_TIMEOUT), s.get(WARMUP_DURATION), token);
    }

    /** The settings the topology itself depends on. */
    public DerivationSettings derivation() {
        return new DerivationSettings(zones, expiryHorizons, referenceWait, dedupRetention, publishInterval, topDeals);
    }

    /** This instance's address for interactive-query routing ({@code application.server}), given the bound port. */
    public String applicationServer(int boundPort) {
        return advertisedHost + ":" + boundPort;
    }
}
