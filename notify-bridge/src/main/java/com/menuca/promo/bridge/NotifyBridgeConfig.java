package com.menuca.promo.bridge;

import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.postgres.PostgresConnection;
import com.menuca.promo.common.postgres.PostgresSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything {@code promo notify-bridge} can be told: where Kafka and PostgreSQL are and how to reach
 * them securely (the shared {@link KafkaSettings} and {@link PostgresSettings}, the same keys as every
 * service), which bridge this is (its positions and its lock), where it starts the first time, and its
 * operational endpoint.
 *
 * @param postgres the database the LISTEN backends are connected to (NOTIFY reaches listeners of that
 *                 database only)
 */
public record NotifyBridgeConfig(
        PostgresConnection postgres,
        KafkaConnection kafka,
        String name,
        String schema,
        StartFrom startFrom,
        int maxBatch,
        Duration payloadRetention,
        Duration retryBackoff,
        String httpHost,
        int httpPort) {

    /** Where a bridge with no stored position starts reading. */
    public enum StartFrom {
        /** With the events that arrive from now on (what a LISTEN client connecting now would get). */
        LATEST,
        /** With every event Kafka still holds (retention: 7 days). */
        EARLIEST
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public static final Setting<String> NAME = Setting.of("notify.bridge.name", ValueParser.STRING, "default",
            "Which bridge this is: its stored positions and its lock. Instances with the same name are one bridge: one "
                    + "notifies, the others stand by and take over when it stops.");
    public static final Setting<String> SCHEMA = Setting.of("notify.bridge.schema", ValueParser.STRING, "promo_notify",
            "PostgreSQL schema of the bridge's positions and of the payloads too large for NOTIFY.");
    public static final Setting<StartFrom> START = Setting.of("notify.bridge.start", ValueParser.oneOf(StartFrom.class),
            StartFrom.LATEST, "Where a bridge with no stored position starts: latest (events from now on) or earliest "
                    + "(every event Kafka still holds). Later starts always resume from the stored position.");
    public static final Setting<Integer> MAX_BATCH = Setting.of("notify.bridge.max.batch", ValueParser.intBetween(1, 10_000),
            500, "Most events notified in one transaction (with the position after them).");
    public static final Setting<Duration> PAYLOAD_RETENTION = Setting.of("notify.bridge.payload.retention",
            ValueParser.DURATION, Duration.ofDays(7),
            "How long an event too large for NOTIFY stays readable in <schema>.payloads by its reference.");
    public static final Setting<Duration> RETRY_BACKOFF = Setting.of("notify.bridge.retry.backoff", ValueParser.DURATION,
            Duration.ofSeconds(2), "Wait before reconnecting after PostgreSQL or Kafka failed, and between lock attempts "
                    + "of a standing-by instance.");
    public static final Setting<String> HTTP_HOST = Setting.of("notify.bridge.http.host", ValueParser.STRING, "127.0.0.1",
            "Interface of the /health, /ready and /metrics endpoint.");
    public static final Setting<Integer> HTTP_PORT = Setting.of("notify.bridge.http.port", ValueParser.PORT, 8084,
            "Port of the /health, /ready and /metrics endpoint (0 = any free port).");

    /** The shared PostgreSQL and Kafka settings, then the bridge's own. */
    public static final List<Setting<?>> SETTINGS = settings();

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(PostgresSettings.SETTINGS);
        all.addAll(KafkaSettings.SETTINGS);
        all.addAll(List.of(NAME, SCHEMA, START, MAX_BATCH, PAYLOAD_RETENTION, RETRY_BACKOFF, HTTP_HOST, HTTP_PORT));
        return List.copyOf(all);
    }

    public static NotifyBridgeConfig load(ConfigSource source) {
        ResolvedSettings s = ResolvedSettings.resolve("notify-bridge", SETTINGS, source);
        String schema = s.get(SCHEMA);
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new ConfigException("notify-bridge", List.of(SCHEMA.key() + " = '" + schema
                    + "' is not a plain lower-case PostgreSQL identifier (letters, digits, _; at most 63)"));
        }
        return new NotifyBridgeConfig(PostgresSettings.from("notify-bridge", s), KafkaSettings.from(s), s.get(NAME), schema,
                s.get(START), s.get(MAX_BATCH), s.get(PAYLOAD_RETENTION), s.get(RETRY_BACKOFF), s.get(HTTP_HOST), s.get(HTTP_PORT));
    }
}
