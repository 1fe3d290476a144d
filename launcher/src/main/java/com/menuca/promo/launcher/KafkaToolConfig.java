package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the tools that talk to a Kafka cluster ({@code promo topics}, {@code promo replay}).
 * The bootstrap servers use the same key, hence the same {@code PROMO_KAFKA_BOOTSTRAP_SERVERS}, as the
 * capture.
 */
record KafkaToolConfig(String bootstrapServers, Duration timeout) {
    static final Setting<String> BOOTSTRAP = Setting.of("kafka.bootstrap.servers", ValueParser.STRING, "127.0.0.1:9092",
            "Kafka brokers, host:port[,host:port...] (promo dev: 127.0.0.1:19092).");
    static final Setting<Duration> TIMEOUT = Setting.of("tools.kafka.timeout", ValueParser.DURATION, Duration.ofSeconds(30),
            "How long promo topics and promo replay wait for Kafka before giving up.");

    static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP, TIMEOUT);

    static KafkaToolConfig load(ConfigSource source) {
        ResolvedSettings s = ResolvedSettings.resolve("tools", SETTINGS, source);
        return new KafkaToolConfig(s.get(BOOTSTRAP), s.get(TIMEOUT));
    }
}
