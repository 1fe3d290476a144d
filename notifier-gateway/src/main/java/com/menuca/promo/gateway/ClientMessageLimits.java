package com.menuca.promo.gateway;

import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import java.time.Duration;
import java.util.List;

/**
 * The bounds on what clients send besides joins: broadcasts (over a socket and over HTTP) and
 * presence, and how soon the presences of a gateway that died leave. Part of {@link GatewayConfig}.
 *
 * @param broadcastMaxBytes        largest broadcast payload (JSON or binary), in bytes
 * @param broadcastsPerSecond      broadcasts one socket may send per second (burst of the same size)
 * @param httpBroadcastsPerSecond  messages one credential may send per second over HTTP (burst of the same size)
 * @param httpMaxMessages          messages in one HTTP request
 * @param presenceMaxBytes         largest tracked payload, as JSON, in bytes
 * @param presencesPerConnection   channels one socket may track its presence on
 * @param presencesPerChannel      presences one channel may hold (all gateways; checked as this gateway sees them)
 * @param tracksPerMinute          tracks and untracks one socket may send per minute (burst of a sixth)
 * @param presenceTimeout          a gateway silent for this long is gone and its presences leave
 */
public record ClientMessageLimits(int broadcastMaxBytes, int broadcastsPerSecond, int httpBroadcastsPerSecond,
                                  int httpMaxMessages, int presenceMaxBytes, int presencesPerConnection,
                                  int presencesPerChannel, int tracksPerMinute, Duration presenceTimeout) {

    public static final Setting<Integer> BROADCAST_MAX_BYTES = Setting.of("gateway.broadcast.max.bytes",
            ValueParser.intBetween(64, 1024 * 1024), 16 * 1024,
            "Largest payload of a broadcast a client sends (socket or HTTP), JSON or binary; larger ones are refused "
                    + "(PayloadTooLarge). A socket's frame is bounded by gateway.max.frame.bytes too.");
    public static final Setting<Integer> BROADCASTS_PER_SECOND = Setting.of("gateway.broadcasts.per.second",
            ValueParser.intBetween(1, 100_000), 20,
            "Broadcasts one socket may send per second (burst of the same size); more are refused (RateLimited).");
    public static final Setting<Integer> HTTP_BROADCASTS_PER_SECOND = Setting.of("gateway.broadcast.http.per.second",
            ValueParser.intBetween(1, 1_000_000), 100,
            "Messages one credential (token subject, or key) may send per second to POST /realtime/v1/api/broadcast "
                    + "(burst of the same size); more are refused with 429.");
    public static final Setting<Integer> HTTP_MAX_MESSAGES = Setting.of("gateway.broadcast.http.max.messages",
            ValueParser.intBetween(1, 10_000), 100, "Messages in one request to POST /realtime/v1/api/broadcast.");
    public static final Setting<Integer> PRESENCE_MAX_BYTES = Setting.of("gateway.presence.max.bytes",
            ValueParser.intBetween(16, 64 * 1024), 1024,
            "Largest payload of a presence track, as JSON; larger ones are refused (PayloadTooLarge).");
    public static final Setting<Integer> PRESENCES_PER_CONNECTION = Setting.of("gateway.presence.max.per.connection",
            ValueParser.intBetween(1, 10_000), 32, "Channels one socket may track its presence on.");
    public static final Setting<Integer> PRESENCES_PER_CHANNEL = Setting.of("gateway.presence.max.per.channel",
            ValueParser.intBetween(1, 1_000_000), 1_000,
            "Presences one channel may hold over all gateways (each gateway checks its view of the channel, so a "
                    + "burst of tracks on several gateways at once may pass it by a few).");
    public static final Setting<Integer> TRACKS_PER_MINUTE = Setting.of("gateway.presence.tracks.per.minute",
            ValueParser.intBetween(1, 100_000), 60,
            "Presence tracks and untracks one socket may send per minute (burst of a sixth of it, at least 1); more are "
                    + "refused (RateLimited).");
    public static final Setting<Duration> PRESENCE_TIMEOUT = Setting.of("gateway.presence.timeout",
            ValueParser.DURATION, Duration.ofSeconds(15),
            "A gateway sends a heartbeat every fifth of this; one silent for this long (killed, cut off) counts as gone "
                    + "and the presences of its clients leave on every other gateway within it and a second.");

    public static final List<Setting<?>> SETTINGS = List.of(BROADCAST_MAX_BYTES, BROADCASTS_PER_SECOND,
            HTTP_BROADCASTS_PER_SECOND, HTTP_MAX_MESSAGES, PRESENCE_MAX_BYTES, PRESENCES_PER_CONNECTION,
            PRESENCES_PER_CHANNEL, TRACKS_PER_MINUTE, PRESENCE_TIMEOUT);

    /** The shortest presence timeout (a heartbeat every fifth of it must stay well above Kafka's latency). */
    public static final Duration MIN_PRESENCE_TIMEOUT = Duration.ofSeconds(1);

    static ClientMessageLimits from(ResolvedSettings s, List<String> problems) {
        Duration timeout = s.get(PRESENCE_TIMEOUT);
        if (timeout.compareTo(MIN_PRESENCE_TIMEOUT) < 0) {
            problems.add(PRESENCE_TIMEOUT.key() + " must be at least " + MIN_PRESENCE_TIMEOUT.toSeconds() + " s (set "
                    + PRESENCE_TIMEOUT.envVar() + ")");
        }
        return new ClientMessageLimits(s.get(BROADCAST_MAX_BYTES), s.get(BROADCASTS_PER_SECOND),
                s.get(HTTP_BROADCASTS_PER_SECOND), s.get(HTTP_MAX_MESSAGES), s.get(PRESENCE_MAX_BYTES),
                s.get(PRESENCES_PER_CONNECTION), s.get(PRESENCES_PER_CHANNEL), s.get(TRACKS_PER_MINUTE), timeout);
    }

    /** How often this gateway sends its heartbeat: a fifth of the timeout. */
    public Duration heartbeatInterval() {
        return presenceTimeout.dividedBy(5);
    }

    /** The burst of the track rate: a sixth of a minute's worth, at least one. */
    public int trackBurst() {
        return Math.max(1, tracksPerMinute / 6);
    }
}
