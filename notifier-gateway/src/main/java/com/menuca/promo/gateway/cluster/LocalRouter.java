package com.menuca.promo.gateway.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.FrameCodec;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.WebSocketFraming;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import com.menuca.promo.gateway.subscription.Subscriber;
import com.menuca.promo.schemas.gateway.BroadcastSender;
import com.menuca.promo.schemas.gateway.ClientBroadcast;
import com.menuca.promo.schemas.gateway.PayloadEncoding;
import com.menuca.promo.schemas.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This gateway's sessions that receive client broadcasts or presence, by channel, and the frames
 * that reach them: each broadcast and each presence change is encoded once per distinct frame
 * (serializer and channel name as joined) and handed to the sockets' event loops in one task per
 * socket per batch, through their bounded send queues. A session's rights are checked at every
 * delivery (a token refresh may take them away). Confined to the bus thread.
 */
final class LocalRouter {
    private final ByteBufAllocator alloc;
    private final ClusterMetrics metrics;
    private final String gateway;
    /** channel → session → its socket's id (to leave out the sender of a broadcast without self). */
    private final Map<String, Map<ChannelSession, String>> broadcastListeners = new HashMap<>();
    private final Map<String, Set<ChannelSession>> presenceListeners = new HashMap<>();
    private final Map<Subscriber, List<Pending>> pending = new LinkedHashMap<>();

    private record Pending(ChannelSession session, OutboundFrame frame) {
    }

    LocalRouter(String gateway, ByteBufAllocator alloc, ClusterMetrics metrics) {
        this.gateway = gateway;
        this.alloc = alloc;
        this.metrics = metrics;
    }

    void listenBroadcasts(ChannelSession session, String socket) {
        if (!session.isClosed()) {
            broadcastListeners.computeIfAbsent(session.channel().canonical(), c -> new LinkedHashMap<>()).put(session, socket);
        }
    }

    /** Adds a presence listener; false when it already was one (it has its state). */
    boolean listenPresence(ChannelSession session) {
        return !session.isClosed() && presenceListeners.computeIfAbsent(session.channel().canonical(),
                c -> new LinkedHashSet<>()).add(session);
    }

    void forget(ChannelSession session) {
        String channel = session.channel().canonical();
        Map<ChannelSession, String> broadcasts = broadcastListeners.get(channel);
        if (broadcasts != null && broadcasts.remove(session) != null && broadcasts.isEmpty()) {
            broadcastListeners.remove(channel);
        }
        Set<ChannelSession> presence = presenceListeners.get(channel);
        if (presence != null && presence.remove(session) && presence.isEmpty()) {
            presenceListeners.remove(channel);
        }
    }

    /** Sessions listening to anything (for the metrics). */
    int listeners() {
        int count = 0;
        for (Map<ChannelSession, String> sessions : broadcastListeners.values()) {
            count += sessions.size();
        }
        for (Set<ChannelSession> sessions : presenceListeners.values()) {
            count += sessions.size();
        }
        return count;
    }

    /** Delivers a broadcast to the sessions of its channel that may receive it. */
    void broadcast(ClientBroadcast broadcast) {
        Map<ChannelSession, String> listeners = broadcastListeners.get(broadcast.channel());
        if (listeners == null) {
            return;
        }
        Map<String, ByteBuf> frames = new HashMap<>();
        byte[] payload = payloadBytes(broadcast);
        boolean binary = broadcast.encoding() == PayloadEncoding.BINARY;
        byte[] meta = broadcast.id() == null ? null : metaOf(broadcast.id());
        BroadcastSender sender = broadcast.sender();
        int reached = 0;
        try {
            for (Map.Entry<ChannelSession, String> listener : listeners.entrySet()) {
                ChannelSession session = listener.getKey();
                if (session.isClosed() || !session.rights().broadcastRead()) {
                    continue;
                }
                boolean fromThisSocket = sender != null && gateway.equals(sender.gateway())
                        && listener.getValue().equals(sender.socket());
                if (fromThisSocket && !broadcast.self()) {
                    continue;
                }
                FrameCodec codec = session.subscriber().codec();
                String cacheKey = codec.vsn().ordinal() + "|" + session.wireTopic();
                ByteBuf frame = frames.get(cacheKey);
                if (frame == null && !frames.containsKey(cacheKey)) {
                    frame = encodeBroadcast(codec, session.wireTopic(), broadcast.event(), meta, payload, binary);
                    frames.put(cacheKey, frame);
                }
                if (frame == null) {
                    metrics.refused("broadcast", "binary_to_vsn1");
                    continue;
                }
                add(session, OutboundFrame.live(frame.retainedDuplicate(), isBinaryFrame(frame), null, 0));
                reached++;
            }
        } finally {
            frames.values().forEach(ReferenceCountUtil::release);
        }
        metrics.broadcastDelivered(reached);
    }

    /** Delivers one batch of presence changes to the listeners of each channel that changed. */
    void presenceChanges(PresenceChanges changes) {
        for (Map.Entry<String, ObjectNode> change : changes.byChannel().entrySet()) {
            Set<ChannelSession> listeners = presenceListeners.get(change.getKey());
            if (listeners == null) {
                continue;
            }
            Map<String, ByteBuf> frames = new HashMap<>();
            ByteBuf payload = jsonBuffer(change.getValue());
            try {
                for (ChannelSession session : listeners) {
                    if (session.isClosed() || !session.rights().presenceRead()) {
                        continue;
                    }
                    FrameCodec codec = session.subscriber().codec();
                    ByteBuf frame = frames.computeIfAbsent(codec.vsn().ordinal() + "|" + session.wireTopic(),
                            key -> WebSocketFraming.frameAndRelease(codec.encodePush(session.wireTopic(),
                                    Events.PRESENCE_DIFF, payload, alloc), false, alloc));
                    add(session, OutboundFrame.live(frame.retainedDuplicate(), false, null, 0));
                }
            } finally {
                payload.release();
                frames.values().forEach(ReferenceCountUtil::release);
            }
        }
    }

    /** Sends a session the whole presence state of its channel (after its join reply, before any change). */
    void presenceState(ChannelSession session, ObjectNode state) {
        Message message = new Message(session.joinRef(), null, session.wireTopic(), Events.PRESENCE_STATE, state);
        FrameCodec codec = session.subscriber().codec();
        add(session, OutboundFrame.live(WebSocketFraming.frameAndRelease(codec.encode(message, alloc), false, alloc),
                false, null, 0));
    }

    private void add(ChannelSession session, OutboundFrame frame) {
        pending.computeIfAbsent(session.subscriber(), s -> new ArrayList<>()).add(new Pending(session, frame));
    }

    /** Hands what was collected to the sockets' event loops: one task per socket. */
    void submit() {
        for (Map.Entry<Subscriber, List<Pending>> entry : pending.entrySet()) {
            Subscriber subscriber = entry.getKey();
            List<Pending> frames = entry.getValue();
            try {
                subscriber.executor().execute(() -> {
                    for (Pending frame : frames) {
                        subscriber.deliver(frame.session(), frame.frame());
                    }
                    subscriber.flush();
                });
            } catch (RuntimeException e) {
                // the socket's event loop is shutting down: nobody will read these
                frames.forEach(frame -> ReferenceCountUtil.release(frame.frame().content()));
            }
        }
        pending.clear();
    }

    /**
     * The frame of a client broadcast for one serializer and channel name: binary kind 4 under
     * vsn 2.0.0 when it fits, else a text push {@code {"type":"broadcast","event":...,"payload":...}};
     * null when the payload is binary and the serializer has no binary frames (vsn 1.0.0).
     */
    private ByteBuf encodeBroadcast(FrameCodec codec, String wireTopic, String event, byte[] meta, byte[] payload,
                                    boolean binary) {
        ByteBuf body = alloc.buffer(payload.length);
        try {
            body.writeBytes(payload);
            ByteBuf kind4 = codec.encodeBinaryBroadcast(wireTopic, event, meta == null ? new byte[0] : meta, body, binary,
                    alloc);
            if (kind4 != null) {
                return WebSocketFraming.frameAndRelease(kind4, true, alloc);
            }
        } finally {
            body.release();
        }
        if (binary) {
            return null;
        }
        ByteBuf wrapped = alloc.buffer(payload.length + event.length() + 64);
        try {
            wrapped.writeCharSequence("{\"type\":\"broadcast\",\"event\":", StandardCharsets.US_ASCII);
            wrapped.writeBytes(jsonBytes(event));
            wrapped.writeCharSequence(",\"payload\":", StandardCharsets.US_ASCII);
            wrapped.writeBytes(payload);
            if (meta != null) {
                wrapped.writeCharSequence(",\"meta\":", StandardCharsets.US_ASCII);
                wrapped.writeBytes(meta);
            }
            wrapped.writeByte('}');
            return WebSocketFraming.frameAndRelease(codec.encodePush(wireTopic, Events.BROADCAST, wrapped, alloc), false,
                    alloc);
        } finally {
            wrapped.release();
        }
    }

    /** Whether a framed WebSocket frame is binary (opcode 2). */
    private static boolean isBinaryFrame(ByteBuf frame) {
        return (frame.getByte(frame.readerIndex()) & 0x0F) == 0x2;
    }

    /** The payload's bytes: its JSON, or the bytes a binary payload carries. */
    static byte[] payloadBytes(ClientBroadcast broadcast) {
        if (broadcast.encoding() == PayloadEncoding.BINARY) {
            return broadcast.payload() == null ? new byte[0] : Base64.getDecoder().decode(String.valueOf(broadcast.payload()));
        }
        return jsonBytes(broadcast.payload());
    }

    private static byte[] metaOf(String id) {
        ObjectNode meta = Json.mapper().createObjectNode();
        meta.put("id", id);
        return jsonBytes(meta);
    }

    private static byte[] jsonBytes(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ByteBuf jsonBuffer(ObjectNode node) {
        byte[] bytes = jsonBytes(node);
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }
}
