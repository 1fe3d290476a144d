package com.menuca.promo.launcher;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import java.util.List;

/**
 * Settings of {@code promo status}: where PostgreSQL and Kafka are (the same keys and variables as
 * {@code promo capture}) and when a lag becomes a warning.
 */
record StatusConfig(String jdbcUrl, String user, String password, String bootstrapServers, long slotLagWarnBytes,
                    long consumerLagWarnRecords) {
    static final Setting<Long> SLOT_LAG_WARN_MB = Setting.of("status.slot.lag.warn.mb", ValueParser.longAtLeast(0), 1024L,
            "Warn when a replication slot holds more WAL than this many MiB (PostgreSQL cannot recycle it).");
    static final Setting<Long> CONSUMER_LAG_WARN = Setting.of("status.consumer.lag.warn", ValueParser.longAtLeast(0),
            10_000L, "Warn when a consumer group is more than this many records behind.");

    static final List<Setting<?>> SETTINGS = List.of(CaptureConfig.POSTGRES_HOST, CaptureConfig.POSTGRES_PORT,
            CaptureConfig.POSTGRES_DATABASE, CaptureConfig.POSTGRES_USER, CaptureConfig.POSTGRES_PASSWORD,
            CaptureConfig.KAFKA_BOOTSTRAP, SLOT_LAG_WARN_MB, CONSUMER_LAG_WARN);

    static StatusConfig load(ConfigSource source) {
        ResolvedSettings s = ResolvedSettings.resolve("status", SETTINGS, source);
        return new StatusConfig("jdbc:postgresql://" + s.get(CaptureConfig.POSTGRES_HOST) + ":" + s.get(CaptureConfig.POSTGRES_PORT)
                + "/" + s.get(CaptureConfig.POSTGRES_DATABASE), s.get(CaptureConfig.POSTGRES_USER),
                s.get(CaptureConfig.POSTGRES_PASSWORD), s.get(CaptureConfig.KAFKA_BOOTSTRAP),
                s.get(SLOT_LAG_WARN_MB) * 1024 * 1024, s.get(CONSUMER_LAG_WARN));
    }
}
