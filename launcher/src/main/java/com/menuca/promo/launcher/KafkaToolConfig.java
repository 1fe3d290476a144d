package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the tools that talk to a Kafka cluster ({@code promo topics}, {@code promo replay}): the
 * Kafka settings every service shares (same keys, same {@code PROMO_KAFKA_*} variables) and how long
 * to wait.
 */
record KafkaToolConfig(KafkaConnection kafka, Duration timeout) {
    static final Setting<Duration> TIMEOUT = Setting.of("tools.kafka.timeout", ValueParser.DURATION, Duration.ofSeconds(30),
            "How long promo topics and promo replay wait for Kafka before giving up.");

    static final List<Setting<?>> SETTINGS = settings();

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(KafkaSettings.SETTINGS);
        all.add(TIMEOUT);
        return List.copyOf(all);
    }

    static KafkaToolConfig load(ConfigSource source) {
        ResolvedSettings s = ResolvedSettings.resolve("tools", SETTINGS, source);
        return new KafkaToolConfig(KafkaSettings.from(s), s.get(TIMEOUT));
    }
}
