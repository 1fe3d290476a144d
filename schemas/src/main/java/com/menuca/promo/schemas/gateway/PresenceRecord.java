package com.menuca.promo.schemas.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Value of {@code promo.gateway.presence}: a presence (what a client tracked on a channel) or a
 * gateway's heartbeat. A tombstone (null value) removes a presence, or a gateway that stopped.
 *
 * @param type      presence or gateway
 * @param gateway   the gateway that wrote it
 * @param channel   presence: the channel's canonical name; gateway: null
 * @param key       presence: the presence key the client is listed under; gateway: null
 * @param ref       presence: its phx_ref, new on every track; gateway: null
 * @param meta      presence: the tracked payload; gateway: null
 * @param at        when it was tracked, or when the heartbeat was sent
 * @param timeoutMs gateway: milliseconds without a heartbeat after which the gateway counts as gone; presence: null
 */
public record PresenceRecord(@JsonProperty("type") PresenceRecordType type, @JsonProperty("gateway") String gateway,
                             @JsonProperty("channel") String channel, @JsonProperty("key") String key,
                             @JsonProperty("ref") String ref, @JsonProperty("meta") Map<String, Object> meta,
                             @JsonProperty("at") Instant at, @JsonProperty("timeout_ms") Long timeoutMs) {
    public PresenceRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(at, "at");
    }

    /** A client's presence. */
    public static PresenceRecord presence(String gateway, String channel, String key, String ref,
                                          Map<String, Object> meta, Instant at) {
        return new PresenceRecord(PresenceRecordType.PRESENCE, gateway, channel, key, ref, meta, at, null);
    }

    /** A gateway's heartbeat. */
    public static PresenceRecord heartbeat(String gateway, Instant at, long timeoutMs) {
        return new PresenceRecord(PresenceRecordType.GATEWAY, gateway, null, null, null, null, at, timeoutMs);
    }
}
