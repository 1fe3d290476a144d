package com.menuca.promo.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.kafka.KafkaNode;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.postgres.SchemaMigrator;
import com.menuca.promo.infra.process.BrokerCluster;
import com.menuca.promo.infra.process.JavaCommand;
import com.menuca.promo.infra.process.PromoProcess;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The pipeline with every part stoppable: PostgreSQL (in this JVM's control, restartable on the same
 * port and data), one Kafka broker in its own process ({@code promo broker}) and the capture in its
 * own process ({@code promo capture}), both of the same build, on fixed free ports so a restarted
 * part comes back where its clients expect it.
 */
final class FaultStack implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path home;
    private final JavaCommand launcher;
    private final int postgresPort = FreePort.find();
    private final KafkaNode brokerNode = KafkaNode.single(0);
    private final int captureHttpPort = FreePort.find();
    private EmbeddedPostgresServer postgres;
    private PromoProcess broker;
    private PromoProcess capture;

    private FaultStack(Path home, JavaCommand launcher) {
        this.home = home;
        this.launcher = launcher;
    }

    /** PostgreSQL (migrated), the broker, then the capture; returns once the capture is streaming. */
    static FaultStack start(Path home, JavaCommand launcher) throws Exception {
        FaultStack stack = new FaultStack(home, launcher);
        try {
            stack.startPostgres();
            SchemaMigrator.migrate(stack.postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
            stack.startBroker();
            stack.startCapture();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return brokerNode.bootstrapServer();
    }

    Connection connect() throws SQLException {
        return postgres.connect();
    }

    void startPostgres() throws IOException {
        postgres = EmbeddedPostgresServer.start(home.resolve("postgres"), postgresPort,
                EmbeddedPostgresServer.logicalReplicationConfig());
    }

    /** A fast shutdown (pg_ctl stop -m fast): sessions are cut, replication connections drop. */
    void stopPostgres() {
        postgres.close();
    }

    void startBroker() throws Exception {
        broker = PromoProcess.start("broker", launcher.withHeap("512m"), brokerNode.promoBrokerArguments(home.resolve("kafka")),
                Map.of(), home.resolve("broker.log"));
        broker.awaitLogLine(BrokerCluster.READY_LINE, START_TIMEOUT);
    }

    void killBroker() throws InterruptedException {
        broker.kill();
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

    private Map<String, String> captureEnvironment() {
        Map<String, String> env = new HashMap<>(endpointEnvironment());
        env.put(CaptureConfig.HTTP_PORT.envVar(), String.valueOf(captureHttpPort));
        env.put(CaptureConfig.STARTUP_TIMEOUT.envVar(), "2m");
        return env;
    }

    private Map<String, String> endpointEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put(CaptureConfig.POSTGRES_HOST.envVar(), "127.0.0.1");
        env.put(CaptureConfig.POSTGRES_PORT.envVar(), String.valueOf(postgresPort));
        env.put(CaptureConfig.POSTGRES_DATABASE.envVar(), EmbeddedPostgresServer.DATABASE);
        env.put(CaptureConfig.POSTGRES_USER.envVar(), EmbeddedPostgresServer.USER);
        env.put(CaptureConfig.POSTGRES_PASSWORD.envVar(), EmbeddedPostgresServer.PASSWORD);
        env.put(CaptureConfig.KAFKA_BOOTSTRAP.envVar(), bootstrapServers());
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
        if (capture != null) {
            capture.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
