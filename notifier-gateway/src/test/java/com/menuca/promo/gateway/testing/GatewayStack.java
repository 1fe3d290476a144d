package com.menuca.promo.gateway.testing;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.gateway.Gateway;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.feed.FeedTopic;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A whole stack for gateway integration tests, one per test class: embedded PostgreSQL and Kafka,
 * the capture streaming the WAL, and the gateway on a fixed port (so a restart keeps its URL).
 * Derived topics are created empty; {@link #publishDerived} writes envelope-shaped records to them
 * as the stream processor would.
 */
public final class GatewayStack implements AutoCloseable {
    /** The resume position key of the tests' gateways (gateway.resume.key has no default). */
    public static final String RESUME_KEY = "resume-key-of-the-gateway-tests-0123456789";

    private final Path home;
    private final EmbeddedRuntime runtime;
    private final CaptureService capture;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, String> gatewaySettings;
    private final boolean production;
    private final Readiness readiness = new Readiness();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Gateway gateway;
    private int port;

    private GatewayStack(Path home, EmbeddedRuntime runtime, CaptureService capture, Map<String, String> gatewaySettings,
                         boolean production) {
        this.home = home;
        this.production = production;
        this.runtime = runtime;
        this.capture = capture;
        this.gatewaySettings = gatewaySettings;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Starts everything with the gateway configured as {@code promo dev} configures it (the dev secret
     * unless a key is set, demo tokens); {@code gatewaySettings} override the gateway's defaults.
     */
    public static GatewayStack start(Map<String, String> gatewaySettings) throws Exception {
        closeShared();
        return start(gatewaySettings, false);
    }

    /**
     * Starts everything with the gateway configured as {@code promo gateway} is ({@link GatewayConfig#load}):
     * {@code gatewaySettings} must name its keys.
     */
    public static GatewayStack startProduction(Map<String, String> gatewaySettings) throws Exception {
        closeShared();
        return start(gatewaySettings, true);
    }

    private static GatewayStack start(Map<String, String> gatewaySettings, boolean production) throws Exception {
        Path home = Files.createTempDirectory("gateway-it");
        EmbeddedRuntime runtime = EmbeddedRuntime.start(home, 0, 0);
        CaptureService capture = null;
        try {
            CaptureConfig config = CaptureConfig.load(ConfigSource.of(CaptureConfig.endpoints(runtime.postgres().host(),
                    runtime.postgres().port(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER,
                    EmbeddedPostgresServer.PASSWORD, runtime.kafka().bootstrapServers())));
            capture = new CaptureService(config, new SimpleMeterRegistry());
            capture.start();
            capture.awaitStreaming(Duration.ofMinutes(2));
            createDerivedTopics(runtime.kafka().bootstrapServers());
            Map<String, String> settings = new HashMap<>(gatewaySettings);
            settings.put(KafkaSettings.BOOTSTRAP_SERVERS.key(), runtime.kafka().bootstrapServers());
            GatewayStack stack = new GatewayStack(home, runtime, capture, settings, production);
            stack.startGateway(0);
            return stack;
        } catch (Exception | Error e) {
            if (capture != null) {
                capture.close();
            }
            runtime.close();
            throw e;
        }
    }

    private static void createDerivedTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (FeedTopic topic : FeedTopic.values()) {
                if (topic.table() == null) {
                    NewTopic created = new NewTopic(topic.topicName(), 3, (short) 1);
                    if (topic.isLatestWins()) {
                        created.configs(Map.of("cleanup.policy", "compact"));
                    }
                    topics.add(created);
                }
            }
            // the gateways' own topics (presence, client broadcasts), as the catalogue declares them
            for (com.menuca.promo.catalog.CatalogTopic topic : com.menuca.promo.catalog.Catalog.bundled()
                    .group(com.menuca.promo.catalog.TopicGroup.GATEWAY)) {
                topics.add(new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.config()));
            }
            admin.createTopics(topics).all().get();
        }
    }

    private static GatewayStack shared;

    /**
     * One stack for every test class of this JVM that asks (the security suite's classes each start
     * gateways of their own on it, {@link #gateway}): started on first use, closed when the JVM exits
     * or when a test class starts a stack of its own (two captures in one JVM would contend for
     * Debezium's metrics names and slow each other down; test classes run one after another).
     */
    public static synchronized GatewayStack shared() throws Exception {
        if (shared == null) {
            GatewayStack stack = start(Map.of(), false);
            Runtime.getRuntime().addShutdownHook(new Thread(GatewayStack::closeShared, "shared-gateway-stack-close"));
            shared = stack;
        }
        return shared;
    }

    private static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /**
     * Another gateway on this stack's Kafka with its own settings (any free port).
     *
     * @param production configured as {@code promo gateway} is (keys required), else as {@code promo dev} is
     */
    public TestGateway gateway(Map<String, String> settings, boolean production) throws InterruptedException {
        return TestGateway.start(kafkaBootstrap(), settings, production);
    }

    /** Starts the gateway (again) on {@code port}, 0 the first time. Waits until it serves joins. */
    public void startGateway(int onPort) throws InterruptedException {
        Map<String, String> settings = new HashMap<>(gatewaySettings);
        settings.put(GatewayConfig.PORT.key(), String.valueOf(onPort));
        settings.putIfAbsent(GatewayConfig.OPS_PORT.key(), "0");
        settings.putIfAbsent(GatewayConfig.RESUME_KEY.key(), RESUME_KEY);
        ConfigSource source = ConfigSource.of(settings);
        gateway = Gateway.start(production ? GatewayConfig.load(source) : GatewayConfig.loadForDev(source), readiness, registry);
        port = gateway.port();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!gateway.isReady()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gateway not ready within 60 s");
            }
            Thread.sleep(20);
        }
    }

    public void stopGateway() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    /** Stops the gateway and starts a new one on the same port. */
    public void restartGateway() throws InterruptedException {
        stopGateway();
        startGateway(port);
    }

    public int port() {
        return port;
    }

    /** The endpoint realtime-js is given ({@code /websocket} is appended by the client). */
    public String realtimeUrl() {
        return "ws://127.0.0.1:" + port + "/realtime/v1";
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:<ops port>}: /health, /ready, /metrics. */
    public String opsUrl() {
        return "http://127.0.0.1:" + gateway.opsPort();
    }

    public String kafkaBootstrap() {
        return runtime.kafka().bootstrapServers();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Connection db() throws SQLException {
        return runtime.postgres().connect();
    }

    /** Runs SQL; returns the first column of the first row when the statement returns rows. */
    public Long sql(String sql) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
            return null;
        }
    }

    /** Writes a record with the topic's own serdes (the stream processor's contract types). */
    public <K, V> void publish(com.menuca.promo.schemas.Topic<K, V> topic, K key, V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value))).get();
    }

    /** Deletes every record of a topic written so far, as retention would (its log start moves to its end). */
    public void expireRecords(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) ->
                    delete.put(tp, org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(delete).all().get();
        }
    }

    @Override
    public void close() {
        stopGateway();
        producer.close();
        capture.close();
        runtime.close();
        try (var paths = Files.walk(home)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // temp directory left behind
        }
    }
}
