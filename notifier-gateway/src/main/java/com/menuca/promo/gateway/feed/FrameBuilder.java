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

    /** What makes two sockets' broadcast frames of one event the same bytes ({@code meta} by identity: one array per event and topic set). */
    private record BroadcastKey(int vsn, String wireTopic, String event, byte[] meta) {
    }

    // the fixed parts of frames, written as bytes
    private static final byte[] IDS_OPEN = ascii("{\"ids\":[");
    private static final byte[] DATA = ascii("],\"data\":");
    private static final byte[] POSITION = ascii(",\"position\":\"");
    private static final byte[] CLOSE_QUOTE_BRACE = ascii("\"}");
    private static final byte[] BROADCAST_EVENT = ascii("{\"type\":\"broadcast\",\"event\":\"");
    private static final byte[] PAYLOAD = ascii("\",\"payload\":");
    private static final byte[] META = ascii(",\"meta\":");

    private final ByteBufAllocator alloc;
    private final PositionKey positionKey;
    private final Map<String, Built> frames = new HashMap<>();
    private final Map<BroadcastKey, Built> broadcasts = new HashMap<>();
    /** This event's position tokens (ASCII) by topic set: an event's sessions carry a handful of distinct ones. */
    private long[] positionMasks = new long[4];
    private byte[][] positionTokens = new byte[4][];
    private byte[][] positionMetas = new byte[4][];
    private int positionCount;
    private final StringBuilder key = new StringBuilder(96);
    /** The last lookup: consecutive sessions of one channel usually share their frame. */
    private String lastKey;
    private Built lastBuilt;
    private BroadcastKey lastBroadcastKey;
    private Built lastBroadcast;

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
            byte[] position = position(session, offsets);
            String topic = session.wireTopic();
            // the whole frame in one buffer: header room, the push around the payload, the payload itself
            // room for the wrapper of either serializer (about 70 bytes besides the topic), so the buffer never grows
            ByteBuf frame = WebSocketFraming.start(alloc, data.length + position.length + topic.length() + 128 + 12 * idCount);
            try {
                codec.writePushStart(frame, topic, Events.POSTGRES_CHANGES);
                frame.writeBytes(IDS_OPEN);
                for (int i = 1; i <= idCount; i++) {
                    if (i > 1) {
                        frame.writeByte(',');
                    }
                    writeDecimal(frame, ids[i]);
                }
                frame.writeBytes(DATA);
                frame.writeBytes(data);
                frame.writeBytes(POSITION);
                frame.writeBytes(position);
                frame.writeBytes(CLOSE_QUOTE_BRACE);
                codec.writePushEnd(frame);
                built = new Built(WebSocketFraming.finish(frame, false), false);
            } catch (RuntimeException e) {
                frame.release();
                throw e;
            }
            frames.put(cacheKey, built);
        }
        lastKey = cacheKey;
        lastBuilt = built;
        return built;
    }

    /**
     * A broadcast frame: binary kind 4 under vsn 2.0.0 when it fits, else the text push
     * {@code {"type":"broadcast","event":...,"payload":...,"meta":{...}}}. Sockets given the same
     * {@code metaJson} array (see {@link #eventMeta}) on the same channel share one frame.
     *
     * @param event    the broadcast event name
     * @param payload  the event's JSON
     * @param metaJson the {@code meta} object's JSON ({@code {"id":...,"position":...}})
     */
    public Built broadcast(ChannelSession session, String event, byte[] payload, byte[] metaJson) {
        FrameCodec codec = session.subscriber().codec();
        BroadcastKey last = lastBroadcastKey;
        if (last != null && last.meta == metaJson && last.wireTopic.equals(session.wireTopic())
                && last.vsn == codec.vsn().ordinal() && last.event.equals(event)) {
            return lastBroadcast;
        }
        BroadcastKey cacheKey = new BroadcastKey(codec.vsn().ordinal(), session.wireTopic(), event, metaJson);
        Built built = broadcasts.get(cacheKey);
        if (built == null) {
            built = encodeBroadcast(codec, session.wireTopic(), event, payload, metaJson, alloc);
            broadcasts.put(cacheKey, built);
        }
        lastBroadcastKey = cacheKey;
        lastBroadcast = built;
        return built;
    }

    /** Encodes a broadcast without caching (replies on join, replays). */
    public static Built encodeBroadcast(FrameCodec codec, String wireTopic, String event, byte[] payload,
                                       String metaJson, ByteBufAllocator alloc) {
        return encodeBroadcast(codec, wireTopic, event, payload, metaJson.getBytes(StandardCharsets.UTF_8), alloc);
    }

    private static Built encodeBroadcast(FrameCodec codec, String wireTopic, String event, byte[] payload,
                                         byte[] metaJson, ByteBufAllocator alloc) {
        ByteBuf frame = WebSocketFraming.start(alloc, payload.length + metaJson.length + wireTopic.length()
                + 2 * event.length() + 128);
        try {
            if (codec.writeBinaryBroadcastStart(frame, wireTopic, event, metaJson, false)) {
                frame.writeBytes(payload);
                return new Built(WebSocketFraming.finish(frame, true), true);
            }
            codec.writePushStart(frame, wireTopic, Events.BROADCAST);
            frame.writeBytes(BROADCAST_EVENT);
            frame.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(event));
            frame.writeBytes(PAYLOAD);
            frame.writeBytes(payload);
            frame.writeBytes(META);
            frame.writeBytes(metaJson);
            frame.writeByte('}');
            codec.writePushEnd(frame);
            return new Built(WebSocketFraming.finish(frame, false), false);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    /**
     * The {@code meta} of a broadcast event to this session: {@code {"id":"<eventId>","position":"<token>"}}.
     * One array per event and topic set (sessions resumed from a gateway further along get their own),
     * so sessions of one channel share their frame.
     *
     * @param eventId the event's id (JSON-escaped here)
     */
    public byte[] eventMeta(ChannelSession session, String eventId, long[][] offsets) {
        if (session.floor() != null) {
            return metaOf(eventId, positionOf(positionKey, session, offsets).getBytes(StandardCharsets.US_ASCII));
        }
        int slot = positionSlot(session.topicMask(), offsets);
        byte[] meta = positionMetas[slot];
        if (meta == null) {
            meta = metaOf(eventId, positionTokens[slot]);
            positionMetas[slot] = meta;
        }
        return meta;
    }

    private static byte[] metaOf(String eventId, byte[] position) {
        byte[] id = JsonStringEncoder.getInstance().quoteAsUTF8(eventId == null ? "" : eventId);
        byte[] meta = new byte[id.length + position.length + 23];
        int at = put(meta, 0, "{\"id\":\"");
        System.arraycopy(id, 0, meta, at, id.length);
        at = put(meta, at + id.length, "\",\"position\":\"");
        System.arraycopy(position, 0, meta, at, position.length);
        put(meta, at + position.length, "\"}");
        return meta;
    }

    private static int put(byte[] out, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            out[at++] = (byte) ascii.charAt(i);
        }
        return at;
    }

    /**
     * The session's position token at the current offsets, as ASCII: computed once per event and topic
     * set, except for a session resumed from a gateway further along, whose position never goes back.
     */
    public byte[] position(ChannelSession session, long[][] offsets) {
        if (session.floor() == null) {
            return positionTokens[positionSlot(session.topicMask(), offsets)];
        }
        return positionOf(positionKey, session, offsets).getBytes(StandardCharsets.US_ASCII);
    }

    /** This event's slot of a topic set, its token computed on first use. */
    private int positionSlot(long mask, long[][] offsets) {
        for (int i = 0; i < positionCount; i++) {
            if (positionMasks[i] == mask) {
                return i;
            }
        }
        if (positionCount == positionMasks.length) {
            positionMasks = java.util.Arrays.copyOf(positionMasks, positionCount * 2);
            positionTokens = java.util.Arrays.copyOf(positionTokens, positionCount * 2);
            positionMetas = java.util.Arrays.copyOf(positionMetas, positionCount * 2);
        }
        positionMasks[positionCount] = mask;
        positionTokens[positionCount] = Position.encodeAscii(positionKey, mask, offsets);
        positionMetas[positionCount] = null;
        return positionCount++;
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
        if (!frames.isEmpty()) {
            frames.values().forEach(built -> built.frame().release());
            frames.clear();
        }
        if (!broadcasts.isEmpty()) {
            broadcasts.values().forEach(built -> built.frame().release());
            broadcasts.clear();
        }
        for (int i = 0; i < positionCount; i++) {
            positionTokens[i] = null;
            positionMetas[i] = null;
        }
        positionCount = 0;
        lastKey = null;
        lastBuilt = null;
        lastBroadcastKey = null;
        lastBroadcast = null;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes a non-negative int in decimal without making a string of it. */
    private static void writeDecimal(ByteBuf out, int value) {
        if (value < 0) {
            out.writeBytes(ascii(Integer.toString(value)));
            return;
        }
        int divisor = 1;
        while (divisor <= value / 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte('0' + (value / divisor) % 10);
        }
    }
}
