package com.menuca.promo.harness;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import com.menuca.promo.infra.demo.DemoDataSeeder;
import com.menuca.promo.launcher.DevStackLocation;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of {@code promo dev}, the whole stack in one JVM on embedded PostgreSQL and Kafka.
 * Command-line options override them.
 */
record DevConfig(Path home, int postgresPort, int kafkaPort, int httpPort, int opsPort, int processorPort, long seed,
                 int kafkaBrokers, boolean processor, int restaurants, int customers, boolean notifyBridge) {
    static final Setting<String> HOME = DevStackLocation.HOME;
    static final Setting<Integer> POSTGRES_PORT = Setting.of("dev.postgres.port", ValueParser.PORT, 15432,
            "Embedded PostgreSQL port (0 = any free port).");
    static final Setting<Integer> KAFKA_PORT = Setting.of("dev.kafka.port", ValueParser.PORT, 19092,
            "Embedded Kafka client port (0 = any free port).");
    static final Setting<Integer> HTTP_PORT = Setting.of("dev.http.port", ValueParser.PORT, 8080,
            "HTTP port of the stack: the gateway (WebSocket, RPC, the dashboard; 0 = any free port).");
    static final Setting<Integer> OPS_PORT = Setting.of("dev.ops.port", ValueParser.PORT, 4001,
            "Port of the stack's /health, /ready and /metrics (the gateway's ops port; 0 = any free port, "
                    + "and so is the default when dev.http.port is 0).");
    static final Setting<Integer> PROCESSOR_PORT = Setting.of("dev.processor.port", ValueParser.PORT, 8082,
            "Port of the stream processor's query API (0 = any free port, and so is the default when dev.http.port is 0).");
    static final Setting<Integer> SEED = Setting.of("dev.seed", ValueParser.intBetween(0, Integer.MAX_VALUE), 42,
            "Seed of the demo data and the traffic simulator (same seed, same sequence of changes).");

    static final Setting<Integer> KAFKA_BROKERS = Setting.of("dev.kafka.brokers", ValueParser.intBetween(1, 9), 1,
            "Kafka brokers: 1 runs in the stack's JVM; more run as a KRaft cluster of separate processes, "
                    + "topics with replication factor 3 and min.insync.replicas 2 (from 3 brokers).");

    static final Setting<Boolean> PROCESSOR = Setting.of("dev.processor", ValueParser.BOOLEAN, true,
            "Run the stream processor in the stack; false leaves capture and gateway only (the gateway benchmark's stack).");

    static final Setting<Integer> RESTAURANTS = Setting.of("dev.demo.restaurants", ValueParser.intBetween(1, 100_000),
            DemoDataSeeder.Size.DEFAULT.restaurants(),
            "Restaurants of the demo data and the simulator (five deals and ten coupons each; the gateway benchmark uses more).");
    static final Setting<Integer> CUSTOMERS = Setting.of("dev.demo.customers", ValueParser.intBetween(1, 10_000_000),
            DemoDataSeeder.Size.DEFAULT.customers(), "Customers who redeem in the demo data and the simulator.");

    static final Setting<Boolean> NOTIFY_BRIDGE = Setting.of("dev.notify.bridge", ValueParser.BOOLEAN, false,
            "Also run the notify bridge (NOTIFY on the seed's pg_notify channels, for backends that LISTEN); "
                    + "--notify-bridge sets it. Its other settings are promo notify-bridge's (notify.bridge.*).");

    static final List<Setting<?>> SETTINGS = List.of(HOME, POSTGRES_PORT, KAFKA_PORT, HTTP_PORT, OPS_PORT, PROCESSOR_PORT, SEED,
            KAFKA_BROKERS, PROCESSOR, RESTAURANTS, CUSTOMERS, NOTIFY_BRIDGE);

    /** The size of the demo data to seed. */
    DemoDataSeeder.Size demoSize() {
        return DemoDataSeeder.Size.of(restaurants, customers);
    }

    /** The same settings with the data directory at {@code directory}. */
    DevConfig withHome(Path directory) {
        return new DevConfig(directory, postgresPort, kafkaPort, httpPort, opsPort, processorPort, seed, kafkaBrokers, processor,
                restaurants, customers, notifyBridge);
    }

    static DevConfig load(ConfigSource source) {
        ResolvedSettings s = ResolvedSettings.resolve("dev", SETTINGS, source);
        int httpPort = s.get(HTTP_PORT);
        return new DevConfig(Path.of(s.get(HOME)), s.get(POSTGRES_PORT), s.get(KAFKA_PORT), httpPort,
                portBesideHttp(source, s, OPS_PORT, httpPort), portBesideHttp(source, s, PROCESSOR_PORT, httpPort), s.get(SEED),
                s.get(KAFKA_BROKERS), s.get(PROCESSOR), s.get(RESTAURANTS), s.get(CUSTOMERS), s.get(NOTIFY_BRIDGE));
    }

    /**
     * A port that serves beside the HTTP port: what is set, else free-picked when the HTTP port is (so
     * {@code --http-port 0} starts a stack that binds no fixed port at all), else its default.
     */
    private static int portBesideHttp(ConfigSource source, ResolvedSettings s, Setting<Integer> port, int httpPort) {
        return httpPort == 0 && source.raw(port).isEmpty() ? 0 : s.get(port);
    }
}
