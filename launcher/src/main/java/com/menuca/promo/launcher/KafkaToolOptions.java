package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaReachability;
import com.menuca.promo.common.kafka.KafkaSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every Kafka tool takes: where the cluster is and how long to wait for it. With no
 * {@code --bootstrap}, a running {@code promo dev} is used (its {@code endpoints.json}), then the
 * configured value: a newcomer's second terminal finds the dev stack without being told where it is.
 */
final class KafkaToolOptions {
    /** How long a tool waits for a TCP connection to the brokers before saying they are unreachable. */
    static final Duration REACH_TIMEOUT = Duration.ofSeconds(3);

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: the running promo dev's, else $PROMO_KAFKA_BOOTSTRAP_SERVERS or the "
                    + "config file's kafka.bootstrap.servers, else 127.0.0.1:9092).")
    String bootstrap;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Use the promo dev stack running from DIR (default: $PROMO_HOME, else .promo, when one runs there).")
    Path home;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long to wait for Kafka (default 30s).")
    String timeout;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings, kafka.* security included (default: $PROMO_CONFIG).")
    Path configFile;

    /**
     * The settings, the dev stack's Kafka when one applies (said on {@code err}), checked to be reachable.
     *
     * @throws com.menuca.promo.common.kafka.KafkaSetupException when nothing listens at the brokers' addresses
     */
    KafkaToolConfig load(PrintWriter err) {
        Map<String, String> overrides = new HashMap<>();
        if (bootstrap != null) {
            overrides.put(KafkaSettings.BOOTSTRAP_SERVERS.key(), bootstrap);
        }
        if (timeout != null) {
            overrides.put(KafkaToolConfig.TIMEOUT.key(), timeout);
        }
        ConfigSource source = ConfigSource.fromEnvironment(Optional.ofNullable(configFile)).withOverrides(overrides);
        KafkaToolConfig config = KafkaToolConfig.load(source);
        if (bootstrap == null) {
            Optional<DevStackEndpoints> dev = DevStackEndpoints.find(home, source);
            if (dev.isPresent()) {
                err.println("Using the promo dev stack of " + dev.get().home() + " (Kafka " + dev.get().kafka().bootstrapServers()
                        + "); --bootstrap overrides it.");
                err.flush();
                config = new KafkaToolConfig(dev.get().kafka(), config.timeout());
            }
        }
        KafkaReachability.require(config.kafka(), REACH_TIMEOUT,
                "Fix: start it, or set --bootstrap or PROMO_KAFKA_BOOTSTRAP_SERVERS.");
        return config;
    }
}
