package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.postgres.PostgresConnection;
import com.menuca.promo.common.postgres.PostgresSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of {@code promo status}: where PostgreSQL and Kafka are (the shared {@code postgres.*} and
 * {@code kafka.*} settings, TLS and Kafka security included) and when a lag becomes a warning.
 */
record StatusConfig(PostgresConnection postgres, KafkaConnection kafka, long slotLagWarnBytes, long consumerLagWarnRecords) {
    static final Setting<Long> SLOT_LAG_WARN_MB = Setting.of("status.slot.lag.warn.mb", ValueParser.longAtLeast(0), 1024L,
            "Warn when a replication slot holds more WAL than this many MiB (PostgreSQL cannot recycle it).");
    static final Setting<Long> CONSUMER_LAG_WARN = Setting.of("status.consumer.lag.warn", ValueParser.longAtLeast(0),
            10_000L, "Warn when a consumer group is more than this many records behind.");

    static final List<Setting<?>> SETTINGS = settings();

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(PostgresSettings.SETTINGS);
        all.addAll(KafkaSettings.SETTINGS);
        all.addAll(List.of(SLOT_LAG_WARN_MB, CONSUMER_LAG_WARN));
        return List.copyOf(all);
    }

    static StatusConfig load(ConfigSource source) {
        ResolvedSettings s = ResolvedSettings.resolve("status", SETTINGS, source);
        return new StatusConfig(PostgresSettings.from("status", s), KafkaSettings.from(s),
                s.get(SLOT_LAG_WARN_MB) * 1024 * 1024, s.get(CONSUMER_LAG_WARN));
    }

    /** The same thresholds against other endpoints (a dev stack's). */
    StatusConfig at(PostgresConnection otherPostgres, KafkaConnection otherKafka) {
        return new StatusConfig(otherPostgres, otherKafka, slotLagWarnBytes, consumerLagWarnRecords);
    }
}
