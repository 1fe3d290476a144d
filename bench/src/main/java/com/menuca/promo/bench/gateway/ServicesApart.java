package com.menuca.promo.bench.gateway;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.common.config.RandomSecret;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.postgres.PostgresSettings;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.demo.DemoDataSeeder;
import com.menuca.promo.infra.kafka.KafkaNode;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.process.BrokerCluster;
import com.menuca.promo.infra.process.JavaCommand;
import com.menuca.promo.infra.process.PromoProcess;
import com.menuca.promo.migrations.SchemaMigrator;
import com.menuca.promo.processor.ProcessorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack as it is deployed, each part in a JVM of its own: PostgreSQL (fsync off, as in promo dev),
 * {@code promo broker}, {@code promo capture}, {@code promo process} and {@code promo gateway}, each service
 * with the heap its Kubernetes manifest gives it (the image's {@code MaxRAMPercentage=75} of the container's
 * memory limit) and the options it runs with in production ({@link #DEPLOYED_OPTIONS}). A collection in one
 * service then stops that service only, and each heap holds one service's objects, as in production; in
 * promo dev one JVM's young collections stop all of them.
 */
final class ServicesApart extends MeasuredStack {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServicesApart.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    /** Heaps: 75% of the memory limits in infra/deploy/k8s (capture 1 GiB, processor 1.5 GiB, gateway 1 GiB). */
    static final Map<String, String> HEAPS = Map.of("broker", "1g", "capture", "768m", "processor", "1152m",
            "gateway", "768m");
    /**
     * Options beyond the heap, as each runs in production: the capture with the collector bin/promo and the
     * manifests give it (a throughput pipeline); the broker with those Kafka's own start script
     * (kafka-run-class.sh) gives every broker unless told otherwise, a whole heap from the start and G1 aiming at
     * 20 ms pauses; the processor and the gateway with the JVM's defaults (G1), as the image runs them.
     */
    static final Map<String, List<String>> DEPLOYED_OPTIONS = Map.of("capture", List.of("-XX:+UseParallelGC"),
            "broker", List.of("-Xms1g", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
                    "-XX:+ExplicitGCInvokesConcurrent"));

    private final Path home;
    private final EmbeddedPostgresServer postgres;
    private final List<PromoProcess> processes = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final int gatewayPort = FreePort.find();
    private final int gatewayOpsPort = FreePort.find();
    private final int processorPort = FreePort.find();
    private PromoProcess gateway;

    private ServicesApart(Path home, EmbeddedPostgresServer postgres) {
        this.home = home;
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL (migrated, seeded with the demo data for {@code demo}), the broker, the capture, the
     * processor and the gateway, each once the one before is ready.
     *
     * @param java      the benchmark's own command (the same build); each JVM gets its heap from {@link #HEAPS}
     * @param extra     more options for each service's JVM, after its heap (an {@code -Xmx} among them wins)
     * @param gatewayExtra more options for the gateway's JVM only, after {@code extra}
     * @param jwtSecret the secret the gateway verifies client tokens with
     */
    static ServicesApart start(JavaCommand java, List<String> extra, List<String> gatewayExtra, Path home,
                               DemoDataSeeder.Size demo, String jwtSecret)
            throws Exception {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(home.resolve("postgres"), FreePort.find(),
                EmbeddedPostgresServer.logicalReplicationConfig());
        ServicesApart stack = new ServicesApart(home, postgres);
        try {
            SchemaMigrator.migrate(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
            try (Connection db = postgres.connect()) {
                new DemoDataSeeder(42, demo, Clock.systemUTC().instant()).seedIfEmpty(db);
            }
            KafkaNode broker = KafkaNode.single(FreePort.find());
            stack.start("broker", java, List.of(), broker.promoBrokerArguments(home.resolve("kafka")), Map.of())
                    .awaitLogLine(BrokerCluster.READY_LINE, START_TIMEOUT);
            Map<String, String> kafka = Map.of(KafkaSettings.BOOTSTRAP_SERVERS.envVar(), broker.bootstrapServer());
            int capturePort = FreePort.find();
            stack.start("capture", java, extra, List.of("capture"), stack.captureEnvironment(kafka, capturePort))
                    .awaitHttpOk(URI.create("http://127.0.0.1:" + capturePort + "/ready"), START_TIMEOUT);
            stack.start("processor", java, extra, List.of("process"), stack.processorEnvironment(kafka))
                    .awaitHttpOk(URI.create(stack.processorMetricsUrl() + "/ready"), START_TIMEOUT);
            List<String> gatewayOptions = new ArrayList<>(extra);
            gatewayOptions.addAll(gatewayExtra);
            stack.gateway = stack.start("gateway", java, gatewayOptions, List.of("gateway"),
                    stack.gatewayEnvironment(kafka, jwtSecret));
            stack.gateway.awaitHttpOk(URI.create(stack.opsUrl() + "/ready"), START_TIMEOUT);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private PromoProcess start(String name, JavaCommand java, List<String> extra, List<String> arguments,
                               Map<String, String> environment) throws Exception {
        List<String> given = new ArrayList<>(DEPLOYED_OPTIONS.getOrDefault(name, List.of()));
        given.addAll(extra);
        List<String> jvm = withHeap(java, HEAPS.get(name), given);
        options.put(name, jvm);
        PromoProcess process = PromoProcess.start(name, new JavaCommand(java.javaBinary(), java.classPath(), jvm,
                java.mainClass()), arguments, environment, home.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    private Map<String, String> captureEnvironment(Map<String, String> kafka, int httpPort) {
        Map<String, String> env = new HashMap<>(kafka);
        env.put(PostgresSettings.HOST.envVar(), "127.0.0.1");
        env.put(PostgresSettings.PORT.envVar(), String.valueOf(postgres.port()));
        env.put(PostgresSettings.DATABASE.envVar(), EmbeddedPostgresServer.DATABASE);
        env.put(PostgresSettings.USER.envVar(), EmbeddedPostgresServer.USER);
        env.put(PostgresSettings.PASSWORD.envVar(), EmbeddedPostgresServer.PASSWORD);
        env.put(CaptureConfig.HTTP_PORT.envVar(), String.valueOf(httpPort));
        return env;
    }

    /** The processor's settings beyond Kafka come from the benchmark's environment (PROMO_PROCESSOR_THREADS...). */
    private Map<String, String> processorEnvironment(Map<String, String> kafka) {
        Map<String, String> env = new HashMap<>(kafka);
        env.put(ProcessorConfig.STATE_DIR.envVar(), home.resolve("processor-state").toString());
        env.put(ProcessorConfig.HTTP_PORT.envVar(), String.valueOf(processorPort));
        env.put(ProcessorConfig.QUERY_TOKEN.envVar(), RandomSecret.generate());
        return env;
    }

    /**
     * A production gateway (its own secret, a resume key, ops on their own port) whose per-IP and per-token
     * caps are raised, as for promo dev's in this benchmark: every client connects from 127.0.0.1, many with one token.
     */
    private Map<String, String> gatewayEnvironment(Map<String, String> kafka, String jwtSecret) {
        Map<String, String> env = new HashMap<>(kafka);
        env.put(GatewayConfig.PORT.envVar(), String.valueOf(gatewayPort));
        env.put(GatewayConfig.HOST.envVar(), "127.0.0.1");
        env.put(GatewayConfig.OPS_PORT.envVar(), String.valueOf(gatewayOpsPort));
        env.put(GatewayConfig.JWT_SECRET.envVar(), jwtSecret);
        env.put(GatewayConfig.RESUME_KEY.envVar(), RandomSecret.generate());
        env.put(GatewayConfig.MAX_CONNECTIONS_PER_IP.envVar(), "100000");
        env.put(GatewayConfig.MAX_CONNECTIONS_PER_TOKEN.envVar(), "100000");
        return env;
    }

    /** The services' logs, for keeping beside the results. */
    List<Path> logs() {
        return processes.stream().map(PromoProcess::log).toList();
    }

    @Override
    String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    @Override
    String user() {
        return EmbeddedPostgresServer.USER;
    }

    @Override
    String password() {
        return EmbeddedPostgresServer.PASSWORD;
    }

    @Override
    String websocketUrl() {
        return "ws://127.0.0.1:" + gatewayPort + "/realtime/v1/websocket";
    }

    @Override
    String opsUrl() {
        return "http://127.0.0.1:" + gatewayOpsPort;
    }

    @Override
    String processorMetricsUrl() {
        return "http://127.0.0.1:" + processorPort;
    }

    @Override
    long pid() {
        return gateway.pid();
    }

    @Override
    Map<String, Long> jvms() {
        Map<String, Long> jvms = new LinkedHashMap<>();
        processes.forEach(process -> jvms.put(process.name(), process.pid()));
        return jvms;
    }

    @Override
    String describe() {
        return "services apart, as deployed: PostgreSQL 17 (fsync=off), then promo broker, promo capture, promo process and"
                + " promo gateway each in a JVM of its own with its manifest's heap and production options (the capture with"
                + " the parallel collector, the broker with Kafka's start script's)";
    }

    @Override
    Object jvmOptions() {
        return options;
    }

    /** Stops the gateway first and the broker last (the reverse of the start), then PostgreSQL. */
    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        try {
            postgres.close();
        } catch (RuntimeException e) {
            LOGGER.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
