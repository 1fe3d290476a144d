package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every Kafka tool takes: where the cluster is and how long to wait for it. */
final class KafkaToolOptions {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: $PROMO_KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092; promo dev listens on 127.0.0.1:19092).")
    String bootstrap;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long to wait for Kafka (default 30s).")
    String timeout;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (default: $PROMO_CONFIG).")
    Path configFile;

    KafkaToolConfig load() {
        Map<String, String> overrides = new HashMap<>();
        if (bootstrap != null) {
            overrides.put(KafkaToolConfig.BOOTSTRAP.key(), bootstrap);
        }
        if (timeout != null) {
            overrides.put(KafkaToolConfig.TIMEOUT.key(), timeout);
        }
        return KafkaToolConfig.load(ConfigSource.fromEnvironment(Optional.ofNullable(configFile)).withOverrides(overrides));
    }
}
