package com.menuca.promo.harness;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.launcher.Promo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promo dev}: the whole pipeline on an embedded PostgreSQL and Kafka, until Ctrl-C. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline in one JVM on an embedded PostgreSQL 17 and Kafka broker, with demo data.",
            "Data lives under --home and survives restarts; --fresh wipes it. Ctrl-C or SIGTERM stops everything."})
final class DevCommand implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(DevCommand.class);
    static final double DEFAULT_SIMULATION_RATE = 10;

    @Option(names = "--home", paramLabel = "DIR", description = "Data directory (default: $PROMO_HOME or .promo).")
    Path home;

    @Option(names = "--fresh", description = "Delete the data directory first: new database, new topics, new demo data.")
    boolean fresh;

    @Option(names = "--pg-port", paramLabel = "PORT", description = "PostgreSQL port (default 15432; 0 = any free port).")
    Integer postgresPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka port (default 19092; 0 = any free port).")
    Integer kafkaPort;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (default 8080; 0 = any free port).")
    Integer httpPort;

    @Option(names = "--ops-port", paramLabel = "PORT",
            description = "Port of /health, /ready, /metrics (default 4001; 0 = any free port, the default with --http-port 0).")
    Integer opsPort;

    @Option(names = "--processor-port", paramLabel = "PORT",
            description = "Port of the processor's query API (default 8082; 0 = any free port, the default with --http-port 0).")
    Integer processorPort;

    @Option(names = "--simulate", arity = "0..1", paramLabel = "RATE", fallbackValue = "" + DEFAULT_SIMULATION_RATE,
            description = "Also run the traffic simulator: RATE coupon redemptions per second (default ${FALLBACK-VALUE}).")
    Double simulateRate;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of demo data and simulator (default 42).")
    Integer seed;

    @Option(names = "--brokers", paramLabel = "N",
            description = "Kafka brokers (default 1, in this JVM); 3 runs a KRaft cluster of broker processes, RF 3, min ISR 2.")
    Integer brokers;

    @Option(names = "--notify-bridge",
            description = "Also run the notify bridge: NOTIFY on the seed's pg_notify channels for backends that LISTEN.")
    boolean notifyBridge;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (see `promo config dev`).")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DevConfig config = DevConfig.load(ConfigSource.fromEnvironment(Optional.ofNullable(configFile)).withOverrides(overrides()));
        if (simulateRate != null && simulateRate <= 0) {
            throw new IllegalArgumentException("--simulate rate must be positive, got " + simulateRate);
        }
        Path homeDir = config.home().toAbsolutePath();
        if (fresh) {
            wipe(homeDir);
        }
        Files.createDirectories(homeDir);
        Files.deleteIfExists(homeDir.resolve(Endpoints.FILE_NAME));

        CountDownLatch stopped = new CountDownLatch(1);
        DevStack stack = DevStack.start(config.withHome(homeDir),
                simulateRate == null ? OptionalDouble.empty() : OptionalDouble.of(simulateRate));
        Thread shutdown = new Thread(() -> {
            LOGGER.info("Stopping promo dev...");
            try {
                Files.deleteIfExists(homeDir.resolve(Endpoints.FILE_NAME));
            } catch (IOException e) {
                LOGGER.warn("Could not remove {}: {}", Endpoints.FILE_NAME, e.getMessage());
            }
            stack.close();
            LOGGER.info("promo dev stopped; data kept in {}", homeDir);
            stopped.countDown();
        }, "promo-dev-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        Map<String, Object> endpoints = Endpoints.describe(stack);
        Path file = Endpoints.write(homeDir, endpoints);
        printBanner(stack, endpoints, homeDir, file, config.seed());

        try {
            stack.failure().join();
            stopped.await();
            return 0;
        } catch (java.util.concurrent.CompletionException e) {
            LOGGER.error("promo dev stopping: {}", e.getCause().getMessage());
            return Promo.EXIT_SETUP_PROBLEM;
        }
    }

    private Map<String, String> overrides() {
        Map<String, String> values = new HashMap<>();
        if (home != null) {
            values.put(DevConfig.HOME.key(), home.toString());
        }
        if (postgresPort != null) {
            values.put(DevConfig.POSTGRES_PORT.key(), postgresPort.toString());
        }
        if (kafkaPort != null) {
            values.put(DevConfig.KAFKA_PORT.key(), kafkaPort.toString());
        }
        if (httpPort != null) {
            values.put(DevConfig.HTTP_PORT.key(), httpPort.toString());
        }
        if (opsPort != null) {
            values.put(DevConfig.OPS_PORT.key(), opsPort.toString());
        }
        if (processorPort != null) {
            values.put(DevConfig.PROCESSOR_PORT.key(), processorPort.toString());
        }
        if (seed != null) {
            values.put(DevConfig.SEED.key(), seed.toString());
        }
        if (brokers != null) {
            values.put(DevConfig.KAFKA_BROKERS.key(), brokers.toString());
        }
        if (notifyBridge) {
            values.put(DevConfig.NOTIFY_BRIDGE.key(), "true");
        }
        return values;
    }

    private void printBanner(DevStack stack, Map<String, Object> endpoints, Path home, Path file, long seedUsed) {
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("promo dev is up. Data in " + home + " (kept between runs; --fresh wipes it).");
        out.printf("  PostgreSQL  %s  user %s, password %s%n", endpoints.get("postgres_jdbc_url"),
                endpoints.get("postgres_user"), endpoints.get("postgres_password"));
        out.printf("  Kafka       %s  topics menuca.menuca_v3.<table>%n", endpoints.get("kafka_bootstrap"));
        out.printf("  HTTP        %s/rest/v1/rpc/get_live_deal_performance%n", endpoints.get("http_url"));
        out.printf("  Ops         %s/health  /ready  /metrics  (not on the client port)%n", endpoints.get("ops_url"));
        out.printf("  Dashboard   %s/  (live deal performance, redemptions; pipeline health at #/ops)%n",
                endpoints.get("http_url"));
        out.printf("  Gateway     %s  (Supabase Realtime; tokens: ./promo token --role ...)%n", endpoints.get("gateway_url"));
        out.println("              tokens are verified with the PUBLIC dev secret unless PROMO_GATEWAY_JWT_SECRET or"
                + " PROMO_GATEWAY_JWKS_URL is set: development only");
        if (endpoints.containsKey("processor_url")) {
            out.printf("  Processor   %s/restaurants/{id}/performance  /coupons/{id}/counts  /customers/{id}/savings%n",
                    endpoints.get("processor_url"));
            out.printf("              with  Authorization: Bearer %s%n", endpoints.get("processor_token"));
        } else {
            out.println("  Processor   off (dev.processor=false)");
        }
        out.printf("  NOTIFY      %s%n", stack.notifying()
                ? "deal_published, restaurant_{id}_deal_status ... on " + endpoints.get("postgres_jdbc_url") + " (LISTEN to them)"
                : "off (add --notify-bridge for backends that LISTEN to the old pg_notify channels)");
        out.printf("  Simulator   %s%n", simulateRate == null ? "off (add --simulate[=RATE])"
                : simulateRate + " redemptions/s, seed " + seedUsed);
        out.println("  Endpoints   " + file);
        out.println("Ctrl-C stops everything.");
        out.flush();
    }

    private static void wipe(Path home) throws IOException {
        if (!Files.exists(home)) {
            return;
        }
        LOGGER.info("--fresh: deleting {}", home);
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
