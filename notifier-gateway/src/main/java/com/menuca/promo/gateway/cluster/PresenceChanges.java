package com.menuca.promo.gateway.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The presence changes of one batch of records, per channel, in the shape of Phoenix's
 * {@code presence_diff}: {@code {"joins": {key: {"metas": [...]}}, "leaves": {key: {"metas": [...]}}}},
 * each meta carrying its {@code phx_ref}. Confined to the bus thread.
 */
final class PresenceChanges {
    private final Map<String, ObjectNode> byChannel = new LinkedHashMap<>();

    void join(String channel, String key, ObjectNode meta) {
        metas(channel, "joins", key).add(meta);
    }

    void leave(String channel, String key, ObjectNode meta) {
        metas(channel, "leaves", key).add(meta);
    }

    private ArrayNode metas(String channel, String side, String key) {
        ObjectNode diff = byChannel.computeIfAbsent(channel, c -> {
            ObjectNode created = JsonNodeFactory.instance.objectNode();
            created.putObject("joins");
            created.putObject("leaves");
            return created;
        });
        ObjectNode entries = (ObjectNode) diff.get(side);
        ObjectNode entry = (ObjectNode) entries.get(key);
        if (entry == null) {
            entry = entries.putObject(key);
            entry.putArray("metas");
        }
        return (ArrayNode) entry.get("metas");
    }

    /** The diff payload of each channel that changed, in the order they first changed. */
    Map<String, ObjectNode> byChannel() {
        return byChannel;
    }

    boolean isEmpty() {
        return byChannel.isEmpty();
    }

    void clear() {
        byChannel.clear();
    }
}
