package com.menuca.promo.testkit;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.admin.TopicApplier;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.RandomSecret;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.service.ProcessorService;
import com.menuca.promo.schemas.Topic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What {@link PromoKafkaExtension} started for a test class: a real Kafka broker in the test's JVM with
 * every topic of the catalogue, and, when asked for, a real PostgreSQL with the {@code menuca_v3} schema,
 * the capture streaming its changes into the change topics and the stream processor deriving the events.
 * Everything runs in-process from Maven artifacts: no Docker.
 */
public final class PromoKafka implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path home;
    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedRuntime runtime;
    private final CaptureService capture;
    private final ProcessorService processor;
    private KafkaProducer<byte[], byte[]> producer;

    private PromoKafka(Path home, EmbeddedKafkaBroker kafka, EmbeddedRuntime runtime, CaptureService capture,
                       ProcessorService processor) {
        this.home = home;
        this.kafka = kafka;
        this.runtime = runtime;
        this.capture = capture;
        this.processor = processor;
    }

    /** Starts what {@code with} asks for; on any failure stops what had started. */
    static PromoKafka start(PromoKafkaExtension.Parts with) throws Exception {
        Path home = Files.createTempDirectory("promo-testkit");
        EmbeddedRuntime runtime = null;
        EmbeddedKafkaBroker kafka = null;
        CaptureService capture = null;
        ProcessorService processor = null;
        try {
            if (with.postgres()) {
                runtime = EmbeddedRuntime.start(home, 0, 0);
            } else {
                kafka = EmbeddedKafkaBroker.start(home.resolve("kafka"), 0);
            }
            String bootstrap = runtime != null ? runtime.bootstrapServers() : kafka.bootstrapServers();
            TopicApplier.applyCatalogue(bootstrap, Catalog.bundled());
            if (with.capture()) {
                EmbeddedPostgresServer pg = runtime.postgres();
                capture = new CaptureService(CaptureConfig.load(ConfigSource.of(CaptureConfig.endpoints(pg.host(), pg.port(),
                        EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD,
                        bootstrap))), new SimpleMeterRegistry());
                capture.start();
                capture.awaitStreaming(START_TIMEOUT);
            }
            if (with.processor()) {
                processor = new ProcessorService(ProcessorConfig.load(ConfigSource.of(Map.of(
                        KafkaSettings.BOOTSTRAP_SERVERS.key(), bootstrap,
                        ProcessorConfig.STATE_DIR.key(), home.resolve("processor").toString(),
                        // the query API is not offered to tests; it still needs a credential to start
                        ProcessorConfig.QUERY_TOKEN.key(), RandomSecret.generate()))), new SimpleMeterRegistry());
                processor.start("127.0.0.1:0");
                processor.awaitRunning(START_TIMEOUT);
            }
            return new PromoKafka(home, kafka, runtime, capture, processor);
        } catch (Exception | Error e) {
            closeQuietly(processor);
            closeQuietly(capture);
            closeQuietly(runtime);
            closeQuietly(kafka);
            throw e;
        }
    }

    /** {@code host:port} for {@code bootstrap.servers} ({@code spring.kafka.bootstrap-servers}). */
    public String bootstrapServers() {
        return runtime != null ? runtime.bootstrapServers() : kafka.bootstrapServers();
    }

    /** JDBC URL of the {@code menuca} database (user and password {@code postgres}). */
    public String jdbcUrl() {
        return postgres().jdbcUrl();
    }

    /** JDBC URL of another database on the same server, e.g. a consumer's own (see {@link #createDatabase}). */
    public String jdbcUrl(String database) {
        return postgres().jdbcUrl(database);
    }

    /** A new connection to the {@code menuca} database; the caller closes it. */
    public Connection connect() throws SQLException {
        return postgres().connect();
    }

    /** Creates an empty database on the embedded server, for the code under test to keep its own state in. */
    public void createDatabase(String name) throws SQLException {
        execute("CREATE DATABASE " + name);
    }

    /** Runs SQL on {@code menuca} and commits it: rows written this way reach the change topics, then the events. */
    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs an {@code INSERT ... RETURNING id} (or any query) and returns the first column of the first row. */
    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from: " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** Publishes a key and value with the topic's contract serdes (e.g. a {@code Samples} event) and waits for the ack. */
    public <K, V> void publish(Topic<K, V> topic, K key, V value) {
        publishRaw(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    /** Publishes raw bytes, e.g. a poison record a consumer must survive. */
    public synchronized void publishRaw(String topic, byte[] key, byte[] value) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a record for " + topic + ": " + e.getCause().getMessage(), e);
        }
    }

    private EmbeddedPostgresServer postgres() {
        if (runtime == null) {
            throw new IllegalStateException("PostgreSQL was not asked for: use PromoKafkaExtension.withPostgres() or withPipeline()");
        }
        return runtime.postgres();
    }

    /** Stops the processor, the capture, Kafka and PostgreSQL, and deletes their files. */
    @Override
    public void close() {
        closeQuietly(producer);
        closeQuietly(processor);
        closeQuietly(capture);
        closeQuietly(runtime);
        closeQuietly(kafka);
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + home, e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // stopping what failed to start, or shutting down: nothing more to do
        }
    }
}
