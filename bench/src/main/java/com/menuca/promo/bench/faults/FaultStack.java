package com.menuca.promo.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.common.config.RandomSecret;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.postgres.PostgresSettings;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.kafka.KafkaNode;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.migrations.SchemaMigrator;
import com.menuca.promo.infra.process.BrokerCluster;
import com.menuca.promo.infra.process.JavaCommand;
import com.menuca.promo.infra.process.PromoProcess;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline with every part stoppable: PostgreSQL (in this JVM's control, restartable on the same
 * port and data), Kafka ({@code promo broker}: one, or a cluster), the capture ({@code promo capture}),
 * two stream processors ({@code promo process}: one application id, the partitions shared, interactive queries
 * routed between them) and two gateways ({@code promo gateway}), each in its own process of the same build, on
 * fixed free ports so a restarted part comes back where its clients expect it.
 */
final class FaultStack implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(FaultStack.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /** The gateways run as `promo gateway` does in production, so they need a secret of their own. */
    private static final String GATEWAY_SECRET = RandomSecret.generate();

    private final Path home;
    private final JavaCommand launcher;
    private final int postgresPort = FreePort.find();
    private final KafkaNode brokerNode = KafkaNode.single(0);
    /** With more than one broker: the cluster's processes (then {@link #broker} is unused). */
    private BrokerCluster cluster;
    private final int captureHttpPort = FreePort.find();
    private final List<Integer> gatewayPorts = List.of(FreePort.find(), FreePort.find());
    /** The two gateways' shared resume key: a client resumes on either. */
    private final String resumeKey = RandomSecret.generate();
    /** Ops ports (/ready, /metrics) of the two gateways. */
    private final List<Integer> gatewayOpsPorts = List.of(FreePort.find(), FreePort.find());
    private final PromoProcess[] gateways = new PromoProcess[2];
    private final List<Integer> processorPorts = List.of(FreePort.find(), FreePort.find());
    /** The processors' shared query token (both instances forward queries to each other with it). */
    private final String queryToken = RandomSecret.generate();
    private final PromoProcess[] processors = new PromoProcess[2];
    private EmbeddedPostgresServer postgres;
    private PromoProcess broker;
    private PromoProcess capture;

    private final int brokers;

    private FaultStack(Path home, JavaCommand launcher, int brokers) {
        this.home = home;
        this.launcher = launcher;
        this.brokers = brokers;
    }

    /** PostgreSQL (migrated), the broker, the capture, two processors, then two gateways; returns once all are ready. */
    static FaultStack start(Path home, JavaCommand launcher, int brokers) throws Exception {
        FaultStack stack = new FaultStack(home, launcher, brokers);
        try {
            stack.startPostgres();
            SchemaMigrator.migrate(stack.postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
            if (brokers > 1) {
                stack.cluster = BrokerCluster.start(home.resolve("kafka-cluster"), brokers, 0, launcher);
            } else {
                stack.startBroker();
            }
            stack.startCapture();
            stack.startProcessor(0);
            stack.startProcessor(1);
            stack.startGateway(0);
            stack.startGateway(1);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return cluster != null ? cluster.bootstrapServers() : brokerNode.bootstrapServer();
    }

    /** The broker the broker checks kill: the only one, or node 2 of a cluster. */
    private static final int VICTIM_NODE = 2;

    Connection connect() throws SQLException {
        return postgres.connect();
    }

    void startPostgres() throws IOException {
        postgres = EmbeddedPostgresServer.start(home.resolve("postgres"), postgresPort,
                EmbeddedPostgresServer.logicalReplicationConfig());
    }

    /**
     * A fast shutdown (pg_ctl stop -m fast): sessions are cut, replication connections drop. Returns once
     * the postmaster is gone; if it is still shutting down after a minute (a busy machine), it is killed,
     * which PostgreSQL recovers from at the next start like any crash.
     */
    void stopPostgres() throws InterruptedException, IOException {
        Path pidFile = home.resolve("postgres").resolve("postmaster.pid");
        long pid = Files.exists(pidFile) ? Long.parseLong(Files.readAllLines(pidFile).get(0).trim()) : -1;
        try {
            postgres.close();
        } catch (RuntimeException e) {
            LOGGER.warn("pg_ctl stop did not finish in time ({}); waiting for the postmaster", e.getMessage());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                LOGGER.warn("postmaster {} still running a minute after the stop: killing it", pid);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                deadline = Long.MAX_VALUE;
            }
            Thread.sleep(100);
        }
    }

    void startBroker() throws Exception {
        if (cluster != null) {
            cluster.restart(VICTIM_NODE);
            return;
        }
        broker = PromoProcess.start("broker", launcher.withHeap("512m"), brokerNode.promoBrokerArguments(home.resolve("kafka")),
                Map.of(), home.resolve("broker.log"));
        broker.awaitLogLine(BrokerCluster.READY_LINE, START_TIMEOUT);
    }

    void killBroker() throws InterruptedException {
        if (cluster != null) {
            cluster.kill(VICTIM_NODE);
        } else {
            broker.kill();
        }
    }

    void startCapture() throws Exception {
        capture = PromoProcess.start("capture", launcher.withHeap("384m"), List.of("capture"), captureEnvironment(),
                home.resolve("capture.log"));
        capture.awaitHttpOk(URI.create("http://127.0.0.1:" + captureHttpPort + "/ready"), START_TIMEOUT);
    }

    void killCapture() throws InterruptedException {
        capture.kill();
    }

    /** SIGTERM: the capture stores its position and stops; its slot stays and keeps the WAL. */
    void stopCapture() throws InterruptedException {
        capture.stop(Duration.ofSeconds(60));
    }

    /**
     * Processor {@code index} (0 or 1): the same application id as the other, its own HTTP port and state
     * directory, advertised on 127.0.0.1 so the other can route queries to it.
     */
    void startProcessor(int index) throws Exception {
        int port = processorPorts.get(index);
        Map<String, String> env = Map.of(KafkaSettings.BOOTSTRAP_SERVERS.envVar(), bootstrapServers(),
                ProcessorConfig.HTTP_PORT.envVar(), String.valueOf(port),
                ProcessorConfig.ADVERTISED_HOST.envVar(), "127.0.0.1",
                ProcessorConfig.STATE_DIR.envVar(), home.resolve("processor-" + (index + 1) + "-state").toString(),
                ProcessorConfig.REPLICATION_FACTOR.envVar(), String.valueOf(Math.min(3, brokers)),
                ProcessorConfig.QUERY_TOKEN.envVar(), queryToken);
        processors[index] = PromoProcess.start("processor-" + (index + 1), launcher.withHeap("512m"), List.of("process"),
                env, home.resolve("processor-" + (index + 1) + ".log"));
        processors[index].awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/ready"), START_TIMEOUT);
    }

    /** {@code kill -9} one processor: Kafka Streams gets no chance to commit or abort its open transaction. */
    void killProcessor(int index) throws InterruptedException {
        processors[index].kill();
    }

    /** Query (HTTP) ports of the two processors. */
    List<Integer> processorPorts() {
        return processorPorts;
    }

    /** The {@code Authorization} header value the processors' queries require. */
    String processorAuthorization() {
        return "Bearer " + queryToken;
    }

    /** Processor processes alive now. */
    int processorsRunning() {
        return (int) Arrays.stream(processors).filter(p -> p != null && p.isAlive()).count();
    }

    /** Client ports of the two gateways. */
    List<Integer> gatewayPorts() {
        return gatewayPorts;
    }

    void startGateway(int index) throws Exception {
        int port = gatewayPorts.get(index);
        int opsPort = gatewayOpsPorts.get(index);
        Map<String, String> env = Map.of(KafkaSettings.BOOTSTRAP_SERVERS.envVar(), bootstrapServers(),
                GatewayConfig.PORT.envVar(), String.valueOf(port), GatewayConfig.HOST.envVar(), "127.0.0.1",
                GatewayConfig.JWT_SECRET.envVar(), GATEWAY_SECRET,
                GatewayConfig.OPS_PORT.envVar(), String.valueOf(opsPort),
                GatewayConfig.RESUME_KEY.envVar(), resumeKey);
        gateways[index] = PromoProcess.start("gateway-" + (index + 1), launcher.withHeap("384m"), List.of("gateway"), env,
                home.resolve("gateway-" + (index + 1) + ".log"));
        gateways[index].awaitHttpOk(URI.create("http://127.0.0.1:" + opsPort + "/ready"), START_TIMEOUT);
    }

    void killGateway(int index) throws InterruptedException {
        gateways[index].kill();
    }

    /** A token the gateways accept that sees everything. */
    static String serviceToken() {
        return DevTokens.mint(GATEWAY_SECRET, "service_role", List.of(), null, Duration.ofHours(2));
    }

    private Map<String, String> captureEnvironment() {
        Map<String, String> env = new HashMap<>(endpointEnvironment());
        env.put(CaptureConfig.HTTP_PORT.envVar(), String.valueOf(captureHttpPort));
        env.put(CaptureConfig.STARTUP_TIMEOUT.envVar(), "2m");
        // The capture's offsets topic as durable as the cluster's topics.
        env.put(CaptureConfig.REPLICATION_FACTOR.envVar(), String.valueOf(Math.min(3, brokers)));
        return env;
    }

    private Map<String, String> endpointEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put(PostgresSettings.HOST.envVar(), "127.0.0.1");
        env.put(PostgresSettings.PORT.envVar(), String.valueOf(postgresPort));
        env.put(PostgresSettings.DATABASE.envVar(), EmbeddedPostgresServer.DATABASE);
        env.put(PostgresSettings.USER.envVar(), EmbeddedPostgresServer.USER);
        env.put(PostgresSettings.PASSWORD.envVar(), EmbeddedPostgresServer.PASSWORD);
        env.put(KafkaSettings.BOOTSTRAP_SERVERS.envVar(), bootstrapServers());
        return env;
    }

    /** Runs {@code promo status --json} against this stack, as an operator would. */
    StatusReport status(long slotLagWarnMb) throws IOException, InterruptedException, TimeoutException {
        PromoProcess.Completed run = PromoProcess.run(launcher.withHeap("256m"),
                List.of("status", "--json", "--slot-lag-warn-mb", String.valueOf(slotLagWarnMb)),
                endpointEnvironment(), home.resolve("status.log"), Duration.ofMinutes(1));
        return new StatusReport(run.exitCode(), Json.mapper().readTree(run.stdout()));
    }

    /** What {@code promo status --json} said, and its exit code (1 = warnings). */
    record StatusReport(int exitCode, JsonNode json) {
        long slotLagBytes(String slot) {
            for (JsonNode node : json.path("slots")) {
                if (node.path("name").asText().equals(slot)) {
                    return node.path("lag_bytes").asLong();
                }
            }
            return -1;
        }

        List<String> warnings() {
            return java.util.stream.StreamSupport.stream(json.path("warnings").spliterator(), false)
                    .map(JsonNode::asText).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closeProcesses();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (RuntimeException e) {
                LOGGER.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }

    private void closeProcesses() throws InterruptedException {
        for (PromoProcess gateway : gateways) {
            if (gateway != null) {
                gateway.close();
            }
        }
        for (PromoProcess processor : processors) {
            if (processor != null) {
                processor.close();
            }
        }
        if (capture != null) {
            capture.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
