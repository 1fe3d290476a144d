package com.menuca.promo.schemas.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * Value of {@code promo.gateway.broadcasts}: a broadcast a client sent on a channel.
 *
 * @param type     always {@code broadcast}
 * @param channel  the channel's canonical name
 * @param event    the event name receivers bind to
 * @param encoding how {@code payload} is carried
 * @param payload  encoding json: the JSON value (a map, list, string, number, boolean or null as Jackson
 *                 reads it); encoding binary: the bytes as a base64 string
 * @param id       the message id given to the HTTP endpoint (delivered as {@code meta.id}), or null
 * @param sender   the sending socket, or null for the HTTP endpoint
 * @param self     whether the sending socket receives it too
 * @param sentAt   when the gateway accepted it
 */
public record ClientBroadcast(@JsonProperty("type") Type type, @JsonProperty("channel") String channel,
                              @JsonProperty("event") String event, @JsonProperty("encoding") PayloadEncoding encoding,
                              @JsonProperty("payload") Object payload, @JsonProperty("id") String id,
                              @JsonProperty("sender") BroadcastSender sender, @JsonProperty("self") boolean self,
                              @JsonProperty("sent_at") Instant sentAt) {
    /** The only type of a client broadcast (the field is there for {@code promo replay --type}). */
    public enum Type {
        BROADCAST;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return "broadcast";
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Type ofWireName(String name) {
            if (!"broadcast".equals(name)) {
                throw new IllegalArgumentException("unknown client broadcast type '" + name + "'; expected broadcast");
            }
            return BROADCAST;
        }
    }

    public ClientBroadcast {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(sentAt, "sentAt");
        type = type == null ? Type.BROADCAST : type;
    }

    public ClientBroadcast(String channel, String event, PayloadEncoding encoding, Object payload, String id,
                           BroadcastSender sender, boolean self, Instant sentAt) {
        this(Type.BROADCAST, channel, event, encoding, payload, id, sender, self, sentAt);
    }
}
