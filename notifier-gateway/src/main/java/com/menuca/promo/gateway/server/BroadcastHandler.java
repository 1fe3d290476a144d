package com.menuca.promo.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.ClientMessageLimits;
import com.menuca.promo.gateway.cluster.ClusterLink;
import com.menuca.promo.gateway.cluster.Payloads;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.ratelimit.TokenBucket;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.schemas.gateway.BroadcastSender;
import com.menuca.promo.schemas.gateway.ClientBroadcast;
import com.menuca.promo.schemas.gateway.PayloadEncoding;
import com.menuca.promo.schemas.json.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * Broadcasts of one socket, both ways. A client's {@code broadcast} on a joined channel (a text push
 * {@code {"type":"broadcast","event":...,"payload":...}}, or a binary kind 3 push under vsn 2.0.0)
 * is checked (the token's broadcast write right on the channel, the socket's broadcast rate, the
 * payload size, the event name) and shared with every gateway; with {@code config.broadcast.ack}
 * the client gets an ok reply once Kafka has it. A refusal is an error reply
 * ({@code Unauthorized}, {@code RateLimited}, {@code PayloadTooLarge}, {@code InvalidMessage},
 * {@code Unavailable}): realtime-js's {@code send()} then resolves {@code 'error'} (with ack; without
 * ack it resolves {@code 'ok'} at once, as against Supabase). Sessions whose token may read
 * broadcasts on their channel get the channel's broadcasts from then on, their own only with
 * {@code config.broadcast.self}.
 */
final class BroadcastHandler extends SimpleChannelInboundHandler<Message> {
    /** Longest event name, in UTF-8 bytes (it travels in a one-byte length field of binary frames). */
    static final int MAX_EVENT_BYTES = 255;

    private final ClusterLink cluster;
    private final ClientMessageLimits limits;
    private final LongSupplier nanoClock;
    private final TokenBucket rate;

    BroadcastHandler(GatewayContext context, LongSupplier nanoClock) {
        super(false);
        this.cluster = context.cluster();
        this.limits = cluster.limits();
        this.nanoClock = nanoClock;
        this.rate = new TokenBucket(limits.broadcastsPerSecond(), limits.broadcastsPerSecond(), nanoClock.getAsLong());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (!Events.BROADCAST.equals(message.event())) {
            ctx.fireChannelRead(message);
            return;
        }
        Connection connection = Connection.of(ctx.channel());
        ChannelSession session = connection.sessions().get(message.topic());
        if (session == null) {
            refuse(connection, message, "UnmatchedTopic", "join " + message.topic() + " before broadcasting on it");
            return;
        }
        JsonNode push = message.payload();
        String event = push.path("event").isTextual() ? push.path("event").asText() : null;
        if (event == null || event.isEmpty() || event.getBytes(StandardCharsets.UTF_8).length > MAX_EVENT_BYTES) {
            refuse(connection, message, "InvalidMessage", "a broadcast needs an event name of 1 to " + MAX_EVENT_BYTES + " bytes");
            return;
        }
        if (!session.rights().broadcastWrite()) {
            refuse(connection, message, "Unauthorized", "role '" + session.access().principal().role()
                    + "' may not broadcast on channel '" + session.channel().canonical() + "'");
            return;
        }
        if (!rate.tryTake(nanoClock.getAsLong())) {
            refuse(connection, message, "RateLimited", "more than " + limits.broadcastsPerSecond()
                    + " broadcasts per second on this socket");
            return;
        }
        JsonNode body = push.get("payload");
        PayloadEncoding encoding;
        Object payload;
        int size;
        if (body != null && body.isBinary()) {
            byte[] bytes;
            try {
                bytes = body.binaryValue();
            } catch (IOException e) {
                bytes = new byte[0];
            }
            encoding = PayloadEncoding.BINARY;
            payload = Base64.getEncoder().encodeToString(bytes);
            size = bytes.length;
        } else {
            JsonNode json = body == null ? Json.mapper().createObjectNode() : body;
            encoding = PayloadEncoding.JSON;
            payload = Json.mapper().convertValue(json, Object.class);
            size = Payloads.jsonSize(json);
        }
        if (size > limits.broadcastMaxBytes()) {
            refuse(connection, message, "PayloadTooLarge", "broadcast payload of " + size + " bytes; at most "
                    + limits.broadcastMaxBytes());
            return;
        }
        boolean ack = session.options().broadcastAck();
        ClientBroadcast broadcast = new ClientBroadcast(session.channel().canonical(), event, encoding, payload, null,
                new BroadcastSender(cluster.gatewayId(), connection.id()), session.options().broadcastSelf(), Instant.now());
        cluster.broadcast(broadcast).whenComplete((ok, error) -> connection.executor().execute(() -> {
            if (error != null) {
                refuse(connection, message, "Unavailable", "the broadcast was not sent: " + Payloads.rootMessage(error));
            } else {
                cluster.metrics().broadcastAccepted("socket");
                if (ack) {
                    connection.reply(message, Replies.ok());
                }
            }
        }));
    }

    private void refuse(Connection connection, Message message, String code, String reason) {
        cluster.metrics().refused("broadcast", code);
        connection.reply(message, Replies.error(code, reason));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SessionEvent.Live live) {
            ChannelSession session = live.session();
            if (session.rights().broadcastRead()) {
                cluster.listenBroadcasts(session, Connection.of(ctx.channel()).id());
            }
        } else if (event instanceof SessionEvent.Left left) {
            cluster.forget(left.session());
        }
        super.userEventTriggered(ctx, event);
    }
}
