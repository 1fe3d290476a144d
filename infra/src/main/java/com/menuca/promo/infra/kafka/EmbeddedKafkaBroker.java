package com.menuca.promo.infra.kafka;

import com.menuca.promo.infra.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node acting as broker and controller, listening
 * on 127.0.0.1 only. Its log directory persists between starts (formatted once).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final int port;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Formats {@code logDirectory} if it is new, then starts the broker.
     *
     * @param port client port on 127.0.0.1, 0 for any free port
     */
    public static EmbeddedKafkaBroker start(Path logDirectory, int port) throws IOException {
        int brokerPort = port == 0 ? FreePort.find() : port;
        int controllerPort = FreePort.find();
        Files.createDirectories(logDirectory);
        Properties props = brokerProperties(logDirectory, brokerPort, controllerPort);
        format(logDirectory, props);

        long started = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LOGGER.info("Kafka (KRaft, in-process) ready on 127.0.0.1:{} in {} ms (logs in {})", brokerPort,
                (System.nanoTime() - started) / 1_000_000, logDirectory);
        return new EmbeddedKafkaBroker(server, brokerPort);
    }

    static Properties brokerProperties(Path logDirectory, int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDirectory.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created deliberately (catalogue / capture start-up), never by a typo in a consumer.
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return props;
    }

    private static void format(Path logDirectory, Properties props) throws IOException {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        Path config = Files.createTempFile("promo-kafka", ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "promo embedded broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", config.toString(), "--ignore-formatted"}, print);
        } catch (Exception e) {
            throw new IOException("formatting Kafka storage in " + logDirectory + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(config);
        }
        if (code != 0) {
            throw new IOException("formatting Kafka storage in " + logDirectory + " failed: "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOGGER.info("Kafka on port {} stopped", port);
    }
}
