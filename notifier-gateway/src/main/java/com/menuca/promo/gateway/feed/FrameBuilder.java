package com.menuca.promo.gateway.feed;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.FrameCodec;
import com.menuca.promo.gateway.protocol.WebSocketFraming;
import com.menuca.promo.gateway.resume.Position;
import com.menuca.promo.gateway.resume.PositionKey;
import com.menuca.promo.gateway.subscription.ChannelSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The frames of one event, as whole WebSocket frames ({@link WebSocketFraming}). Sockets whose frame
 * would be byte-for-byte the same (same serializer, channel name, binding ids and position topics)
 * share one buffer: the event is encoded once per distinct frame, not once per socket. Callers send {@code retainedDuplicate()}s and call
 * {@link #release()} when the event is done. Not thread-safe: one per thread.
 */
public final class FrameBuilder {
    /**
     * A frame and whether it is binary. {@link #batchId} is scratch space of the feed's
     * {@link DeliveryBatches} (which frame of its batch this is); a Built lives for one event.
     */
    public static final class Built {
        private final ByteBuf frame;
        private final boolean binary;
        int batchId = -1;

        public Built(ByteBuf frame, boolean binary) {
            this.frame = frame;
            this.binary = binary;
        }

        public ByteBuf frame() {
            return frame;
        }

        public boolean binary() {
            return binary;
        }
    }

    private final ByteBufAllocator alloc;
    private final PositionKey positionKey;
    private final Map<String, Built> frames = new HashMap<>();
    private final Map<Long, String> positions = new HashMap<>();
    private final StringBuilder key = new StringBuilder(96);
    /** The last lookup: consecutive sessions of one channel usually share their frame. */
    private String lastKey;
    private Built lastBuilt;

    public FrameBuilder(ByteBufAllocator alloc, PositionKey key) {
        this.positionKey = key;
        this.alloc = alloc;
    }

    /**
     * A postgres_changes frame: {@code {"ids":[...],"data":<data>,"position":"..."}}.
     *
     * @param ids     the session's matching binding ids: {@code ids[0]} is their number, the ids follow
     * @param data    the change's {@code data} object, serialized once per change
     * @param offsets next offset per topic code and partition after this event
     */
    public Built change(ChannelSession session, int[] ids, byte[] data, long[][] offsets) {
        int idCount = ids[0];
        FrameCodec codec = session.subscriber().codec();
        String cacheKey = session.frameKey(ids);
        if (cacheKey == null) {
            key.setLength(0);
            key.append(codec.vsn().ordinal()).append('|').append(session.wireTopic()).append('|')
                    .append(session.topicMask()).append('|');
            if (session.floor() != null) {
                key.append(System.identityHashCode(session)).append('|');
            }
            for (int i = 1; i <= idCount; i++) {
                key.append(ids[i]).append(',');
            }
            // interned: sessions of one channel then hold the same key object, and lookups are identity checks
            cacheKey = key.toString().intern();
            session.rememberFrameKey(ids, cacheKey);
        }
        if (cacheKey == lastKey) {
            return lastBuilt;
        }
        Built built = frames.get(cacheKey);
        if (built == null) {
            ByteBuf payload = alloc.buffer(data.length + 96);
            try {
                ascii(payload, "{\"ids\":[");
                for (int i = 1; i <= idCount; i++) {
                    if (i > 1) {
                        payload.writeByte(',');
                    }
                    ascii(payload, Integer.toString(ids[i]));
                }
                ascii(payload, "],\"data\":");
                payload.writeBytes(data);
                ascii(payload, ",\"position\":\"");
                ascii(payload, position(session, offsets));
                ascii(payload, "\"}");
                built = new Built(WebSocketFraming.frameAndRelease(
                        codec.encodePush(session.wireTopic(), Events.POSTGRES_CHANGES, payload, alloc), false, alloc), false);
            } finally {
                payload.release();
            }
            frames.put(cacheKey, built);
        }
        lastKey = cacheKey;
        lastBuilt = built;
        return built;
    }

    /**
     * A broadcast frame: binary kind 4 under vsn 2.0.0 when it fits, else the text push
     * {@code {"type":"broadcast","event":...,"payload":...,"meta":{...}}}.
     *
     * @param event    the broadcast event name
     * @param payload  the event's JSON
     * @param metaJson the {@code meta} object's JSON ({@code {"id":...,"position":...}})
     */
    public Built broadcast(ChannelSession session, String event, byte[] payload, String metaJson) {
        FrameCodec codec = session.subscriber().codec();
        String cacheKey = codec.vsn().ordinal() + "|" + session.wireTopic() + "|" + event + "|" + metaJson;
        Built built = frames.get(cacheKey);
        if (built == null) {
            built = encodeBroadcast(codec, session.wireTopic(), event, payload, metaJson, alloc);
            frames.put(cacheKey, built);
        }
        return built;
    }

    /** Encodes a broadcast without caching (replies on join, replays). */
    public static Built encodeBroadcast(FrameCodec codec, String wireTopic, String event, byte[] payload,
                                       String metaJson, ByteBufAllocator alloc) {
        ByteBuf body = alloc.buffer(payload.length);
        try {
            body.writeBytes(payload);
            ByteBuf binary = codec.encodeBinaryBroadcast(wireTopic, event, metaJson.getBytes(StandardCharsets.UTF_8),
                    body, alloc);
            if (binary != null) {
                return new Built(WebSocketFraming.frameAndRelease(binary, true, alloc), true);
            }
        } finally {
            body.release();
        }
        ByteBuf wrapped = alloc.buffer(payload.length + metaJson.length() + event.length() + 64);
        try {
            ascii(wrapped, "{\"type\":\"broadcast\",\"event\":\"");
            wrapped.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(event));
            ascii(wrapped, "\",\"payload\":");
            wrapped.writeBytes(payload);
            ascii(wrapped, ",\"meta\":");
            wrapped.writeCharSequence(metaJson, StandardCharsets.UTF_8);
            wrapped.writeByte('}');
            return new Built(WebSocketFraming.frameAndRelease(codec.encodePush(wireTopic, Events.BROADCAST, wrapped, alloc),
                    false, alloc), false);
        } finally {
            wrapped.release();
        }
    }

    /**
     * The session's position token at the current offsets: computed once per event and topic set,
     * except for a session resumed from a gateway further along, whose position never goes back.
     */
    public String position(ChannelSession session, long[][] offsets) {
        if (session.floor() == null) {
            return positions.computeIfAbsent(session.topicMask(), mask -> Position.encode(positionKey, mask, offsets));
        }
        return positionOf(positionKey, session, offsets);
    }

    /** The session's position token at the given offsets, never behind where the client resumed from. */
    public static String positionOf(PositionKey key, ChannelSession session, long[][] offsets) {
        long[][] floor = session.floor();
        if (floor == null) {
            return Position.encode(key, session.topicMask(), offsets);
        }
        long[][] merged = new long[offsets.length][];
        for (int t = 0; t < offsets.length; t++) {
            merged[t] = offsets[t] == null ? null : offsets[t].clone();
            if (merged[t] != null && t < floor.length && floor[t] != null) {
                for (int p = 0; p < merged[t].length && p < floor[t].length; p++) {
                    merged[t][p] = Math.max(merged[t][p], floor[t][p]);
                }
            }
        }
        return Position.encode(key, session.topicMask(), merged);
    }

    /** Releases this event's frames; sockets hold their own retained duplicates. */
    public void release() {
        frames.values().forEach(built -> built.frame().release());
        frames.clear();
        positions.clear();
        lastKey = null;
        lastBuilt = null;
    }

    private static void ascii(ByteBuf out, String text) {
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
    }
}
