package com.menuca.promo.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Phoenix message, either direction.
 *
 * @param joinRef the join reference of the channel it belongs to; null for server pushes and heartbeats
 * @param ref     the client's reference of this message, echoed by its reply; null for server pushes
 * @param topic   {@code realtime:<channel>} or {@code phoenix}
 * @param event   {@code phx_join}, {@code heartbeat}, {@code postgres_changes}...
 * @param payload the payload object; never null (an absent payload reads as an empty object)
 */
public record Message(String joinRef, String ref, String topic, String event, JsonNode payload) {
    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
    }
}
