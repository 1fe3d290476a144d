package com.menuca.promo.gateway.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest value per key of the compacted topics (deal performance, redemption counts, customer
 * savings), by the channel they belong to: sent to a client when it joins a latest-wins channel, and
 * the source of the live-performance RPC. Written by the feed thread, read by any.
 */
public final class LatestValues {
    /**
     * One current value.
     *
     * @param event   the broadcast event name
     * @param key     the record key as text (the coalescing key)
     * @param payload the value's JSON
     */
    public record Latest(String event, String key, byte[] payload) {
    }

    private final Map<String, Map<String, Latest>> byChannel = new ConcurrentHashMap<>();

    void put(String channel, Latest latest) {
        // most channels (one customer's savings, one restaurant's counts) hold a value or two: start small
        byChannel.computeIfAbsent(channel, c -> new ConcurrentHashMap<>(2)).put(latest.key(), latest);
    }

    void remove(String channel, String key) {
        Map<String, Latest> values = byChannel.get(channel);
        if (values != null) {
            values.remove(key);
        }
    }

    /** Every current value of a channel. */
    public List<Latest> of(String channel) {
        Map<String, Latest> values = byChannel.get(channel);
        return values == null ? List.of() : List.copyOf(values.values());
    }

    /**
     * The current values of a channel that a caller's event filter allows: the policy's {@code where}
     * applies to what is sent at join exactly as to what is delivered live.
     */
    public List<Latest> of(String channel, EventFilter filter) {
        List<Latest> all = of(channel);
        if (filter.isAll()) {
            return all;
        }
        return all.stream().filter(value -> allows(filter, value.payload())).toList();
    }

    /** Whether the filter allows a value (an unreadable one never passes). */
    public static boolean allows(EventFilter filter, byte[] payload) {
        if (filter.isAll()) {
            return true;
        }
        try {
            JsonNode value = Json.mapper().readTree(payload);
            return value != null && value.isObject() && filter.allows(value);
        } catch (IOException e) {
            return false;
        }
    }

    /** The live performance JSON of a restaurant, as the stream processor last published it. */
    public Optional<byte[]> performance(long restaurantId) {
        return of("restaurant:" + restaurantId + ":performance").stream().findFirst().map(Latest::payload);
    }
}
