package com.menuca.promo.infra.kafka;

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
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node acting as broker and controller, listening
 * on 127.0.0.1 only. Its log directory persists between starts (formatted once). Plaintext by
 * default; with a {@link SaslSslListener} its clients must speak SASL_SSL and hold ACLs.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final int port;
    private final SaslSslListener security;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, SaslSslListener security) {
        this.server = server;
        this.port = port;
        this.security = security;
    }

    /**
     * Formats {@code logDirectory} if it is new, then starts a single-node cluster.
     *
     * @param port client port on 127.0.0.1, 0 for any free port
     */
    public static EmbeddedKafkaBroker start(Path logDirectory, int port) throws IOException {
        return start(logDirectory, KafkaNode.single(port));
    }

    /** Formats {@code logDirectory} if it is new, then starts {@code node} (one node of a possibly larger cluster). */
    public static EmbeddedKafkaBroker start(Path logDirectory, KafkaNode node) throws IOException {
        return start(logDirectory, node, null);
    }

    /**
     * A single-node cluster whose only client listener is SASL_SSL (see {@link SaslSslListener}): what a
     * managed Kafka looks like, for the tests that run the services as least-privileged principals.
     *
     * @param port client port on 127.0.0.1, 0 for any free port
     */
    public static EmbeddedKafkaBroker startSecured(Path logDirectory, int port, SaslSslListener security)
            throws IOException {
        return start(logDirectory, KafkaNode.single(port), security);
    }

    private static EmbeddedKafkaBroker start(Path logDirectory, KafkaNode node, SaslSslListener security)
            throws IOException {
        Files.createDirectories(logDirectory);
        Properties props = brokerProperties(logDirectory, node);
        if (security != null) {
            props.putAll(security.brokerProperties(node));
        }
        format(logDirectory, props, node.clusterId(), security);

        long started = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LOGGER.info("Kafka (KRaft, in-process) node {} ready on 127.0.0.1:{}{} in {} ms (logs in {})", node.nodeId(),
                node.brokerPort(), security == null ? "" : " (SASL_SSL, ACLs)", (System.nanoTime() - started) / 1_000_000,
                logDirectory);
        return new EmbeddedKafkaBroker(server, node.brokerPort(), security);
    }

    static Properties brokerProperties(Path logDirectory, KafkaNode node) {
        String replication = String.valueOf(node.replicationFactor());
        String minIsr = String.valueOf(node.minInsyncReplicas());
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(node.nodeId()));
        props.put("controller.quorum.voters", node.quorumVoters());
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDirectory.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        // Durability comes from the cluster, never from the catalogue: topics created with the broker's
        // default get this replication factor and refuse writes below min.insync.replicas.
        props.put("default.replication.factor", replication);
        props.put("min.insync.replicas", minIsr);
        props.put("offsets.topic.replication.factor", replication);
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", replication);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", replication);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created deliberately (catalogue / capture start-up), never by a typo in a consumer.
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return props;
    }

    private static void format(Path logDirectory, Properties props, String clusterId, SaslSslListener security)
            throws IOException {
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
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("format", "--cluster-id", clusterId,
                    "--config", config.toString(), "--ignore-formatted"));
            if (security != null) {
                // The super user's SCRAM credential is in the metadata log from the start: it creates the others.
                args.addAll(java.util.List.of("--add-scram", security.superUserScramCredential()));
            }
            code = StorageTool.execute(args.toArray(String[]::new), print);
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

    /** The SASL_SSL listener's settings, or null for a plaintext broker. */
    public SaslSslListener security() {
        return security;
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
