package com.menuca.promo.schemas.gateway;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Key of {@code promo.gateway.presence}: one socket's presence on one channel, or (socket and channel
 * null) one gateway's heartbeat.
 *
 * @param gateway the gateway instance holding the socket
 * @param socket  the socket on that gateway; null for the heartbeat
 * @param channel the channel's canonical name; null for the heartbeat
 */
public record PresenceKey(@JsonProperty("gateway") String gateway, @JsonProperty("socket") String socket,
                          @JsonProperty("channel") String channel) {
    public PresenceKey {
        Objects.requireNonNull(gateway, "gateway");
    }

    /** The key of a gateway's heartbeat. */
    public static PresenceKey heartbeat(String gateway) {
        return new PresenceKey(gateway, null, null);
    }

    /** Whether this is a gateway's heartbeat rather than a presence (not a field of the key). */
    @JsonIgnore
    public boolean isHeartbeat() {
        return socket == null;
    }
}
