package com.menuca.promo.harness;

import com.menuca.promo.bridge.NotifyBridgeConfig;
import com.menuca.promo.bridge.service.NotifyBridge;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.metrics.ServiceMetrics;
import com.menuca.promo.common.ops.OpsHttpServer;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.gateway.Gateway;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.demo.DemoDataSeeder;
import com.menuca.promo.infra.demo.TrafficSimulator;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.process.JavaCommand;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.service.ProcessorService;
import com.menuca.promo.processor.serving.QueryRoutes;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.admin.TopicApplier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM on the embedded runtime: PostgreSQL with demo data, Kafka, the
 * capture, the gateway (whose ops port also serves the stack's /health, /ready and /metrics), the stream
 * processor (its queries on their own port) and, on request, the notify bridge and the traffic simulator. Stops in reverse start order.
 */
final class DevStack implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DevStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final ServiceMetrics metrics = track(ServiceMetrics.create());
    private final PrometheusMeterRegistry registry = metrics.registry();
    private final Readiness readiness = new Readiness();
    private EmbeddedRuntime runtime;
    private CaptureService capture;
    private Gateway gateway;
    private ProcessorService processor;
    private OpsHttpServer processorHttp;
    private TrafficSimulator simulator;
    private final String processorToken = com.menuca.promo.common.config.RandomSecret.generate();
    private NotifyBridge bridge;

    /** Starts everything and returns once the capture is streaming. */
    static DevStack start(DevConfig config, OptionalDouble simulateRate) throws Exception {
        DevStack stack = new DevStack();
        try {
            stack.startAll(config, simulateRate);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(DevConfig config, OptionalDouble simulateRate) throws Exception {
        runtime = track(EmbeddedRuntime.start(config.home(), config.postgresPort(), config.kafkaPort(),
                config.kafkaBrokers(), JavaCommand.current()));
        TopicApplier.applyCatalogue(runtime.bootstrapServers(), Catalog.bundled());
        try (Connection connection = runtime.postgres().connect()) {
            new DemoDataSeeder(config.seed(), config.demoSize(), Clock.systemUTC().instant())
                    .seedIfEmpty(connection);
        }

        capture = track(new CaptureService(captureConfig(config.kafkaBrokers()), registry));
        readiness.register("capture", capture::isStreaming);
        capture.start();

        // The processor's queries listen before the gateway starts, so the gateway knows where they are.
        ProcessorConfig processorConfig = null;
        if (config.processor()) {
            processorConfig = processorConfig(config);
            processorHttp = track(OpsHttpServer.start(processorConfig.httpHost(), processorConfig.httpPort(), readiness, registry));
            processor = track(new ProcessorService(processorConfig, registry));
            QueryRoutes.register(processorHttp, processor);
        }
        gateway = track(Gateway.start(gatewayConfig(config), readiness, registry));
        capture.awaitStreaming(Duration.ofMinutes(2));

        if (processor != null) {
            readiness.register("processor", processor::isRunning);
            processor.start(processorConfig.applicationServer(processorHttp.port()));
        }

        if (config.notifyBridge()) {
            bridge = track(new NotifyBridge(notifyBridgeConfig(), registry));
            readiness.register("notify-bridge", bridge::isReady);
            bridge.start();
        }

        if (simulateRate.isPresent()) {
            simulator = track(new TrafficSimulator(this::connect, simulateRate.getAsDouble(), config.seed(),
                    config.restaurants(), config.customers()));
            simulator.start();
        }
    }

    private CaptureConfig captureConfig(int brokers) {
        java.util.Map<String, String> overrides = new java.util.HashMap<>(embeddedEndpoints());
        // The capture's own offsets topic is as durable as the cluster's topics.
        overrides.put(CaptureConfig.REPLICATION_FACTOR.key(), String.valueOf(Math.min(3, brokers)));
        return CaptureConfig.load(ConfigSource.fromEnvironment(java.util.Optional.empty()).withOverrides(overrides));
    }

    /** The shared postgres.* and kafka.* keys (the same for every service) set to the embedded PostgreSQL and Kafka. */
    private java.util.Map<String, String> embeddedEndpoints() {
        EmbeddedPostgresServer postgres = runtime.postgres();
        return CaptureConfig.endpoints(postgres.host(), postgres.port(), EmbeddedPostgresServer.DATABASE,
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD, runtime.bootstrapServers());
    }

    /**
     * The processor's state lives under the dev home, its query API on dev.processor.port. Its query
     * token is made fresh for each run (printed in the banner and endpoints.json).
     */
    private ProcessorConfig processorConfig(DevConfig config) {
        java.util.Map<String, String> overrides = new java.util.HashMap<>(java.util.Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS.key(), runtime.bootstrapServers(),
                ProcessorConfig.STATE_DIR.key(), config.home().resolve("processor").toString(),
                ProcessorConfig.REPLICATION_FACTOR.key(), String.valueOf(Math.min(3, config.kafkaBrokers())),
                ProcessorConfig.QUERY_TOKEN.key(), processorToken,
                ProcessorConfig.HTTP_PORT.key(), String.valueOf(config.processorPort())));
        return ProcessorConfig.load(ConfigSource.fromEnvironment(java.util.Optional.empty()).withOverrides(overrides));
    }

    /** The bridge on the embedded PostgreSQL and Kafka; its /ready and /metrics are the stack's (the gateway's ops port). */
    private NotifyBridgeConfig notifyBridgeConfig() {
        return NotifyBridgeConfig.load(ConfigSource.fromEnvironment(java.util.Optional.empty()).withOverrides(embeddedEndpoints()));
    }

    /**
     * The gateway of promo dev: demo tokens on, its ops port on dev.ops.port. Its ops port serves the whole stack's /health, /ready and /metrics (one registry); the dashboard's
     * operator view reads the same registry through /ops/v1/metrics on the client port.
     */
    private GatewayConfig gatewayConfig(DevConfig config) {
        // the dev profile: the public dev secret unless a key is configured, demo tokens at /dev/token, the
        // public dev resume key
        java.util.Map<String, String> overrides = new java.util.HashMap<>(java.util.Map.of(
                GatewayConfig.PORT.key(), String.valueOf(config.httpPort()),
                GatewayConfig.OPS_PORT.key(), String.valueOf(config.opsPort()),
                KafkaSettings.BOOTSTRAP_SERVERS.key(), runtime.bootstrapServers()));
        if (processorHttp != null) {
            overrides.put(GatewayConfig.PROCESSOR_URL.key(), "http://127.0.0.1:" + processorHttp.port());
            overrides.put(GatewayConfig.PROCESSOR_TOKEN.key(), processorToken);
        }
        return GatewayConfig.loadForDev(ConfigSource.fromEnvironment(java.util.Optional.empty()).withOverrides(overrides));
    }

    private Connection connect() {
        try {
            return runtime.postgres().connect();
        } catch (SQLException e) {
            throw new UncheckedIOException(new java.io.IOException("cannot connect to the embedded PostgreSQL", e));
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    EmbeddedRuntime runtime() {
        return runtime;
    }

    int httpPort() {
        return gateway.port();
    }

    /** Port of the stack's /health, /ready and /metrics (the gateway's ops port). */
    int opsPort() {
        return gateway.opsPort();
    }

    /** The processor's query token (promo dev's own, for this run). */
    String processorToken() {
        return processorToken;
    }

    /** Port of the processor's queries (/restaurants/{id}/performance ...), or -1 when it does not run. */
    int processorPort() {
        return processorHttp == null ? -1 : processorHttp.port();
    }

    /** Whether the notify bridge runs in the stack. */
    boolean notifying() {
        return bridge != null;
    }

    boolean simulating() {
        return simulator != null;
    }

    /** Completes exceptionally when the capture stops on a problem a person must fix. */
    CompletableFuture<Void> failure() {
        return capture.termination();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOGGER.warn("{} did not stop cleanly: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
