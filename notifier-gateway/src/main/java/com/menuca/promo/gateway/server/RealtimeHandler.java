package com.menuca.promo.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.feed.FrameBuilder;
import com.menuca.promo.gateway.feed.JoinRequest;
import com.menuca.promo.gateway.feed.LatestValues;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.FrameCodec;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.ProtocolException;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.ratelimit.TokenBucket;
import com.menuca.promo.gateway.resume.ReplayPlan;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realtime protocol of one socket: heartbeats, joins (answered only once the subscription is
 * live), leaves, token refresh and expiry, and refusal of what the gateway does not accept (client
 * broadcasts, presence, unknown events). A frame that is not a protocol message closes the socket
 * with 1007 and the reason; everything else wrong gets an error reply.
 */
final class RealtimeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = LoggerFactory.getLogger(RealtimeHandler.class);

    private final GatewayContext context;
    private final ChannelJoiner joiner;
    private final Map<ChannelSession, ScheduledFuture<?>> expiryTimers = new HashMap<>();
    private Connection connection;
    private TokenBucket inbound;
    private TokenBucket joins;

    RealtimeHandler(GatewayContext context, ChannelJoiner joiner) {
        this.context = context;
        this.joiner = joiner;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            UpgradeGuard.Admitted admitted = ctx.channel().attr(UpgradeGuard.ADMITTED).get();
            connection = new Connection(ctx.channel(), admitted.vsn().codec(), admitted.principal(), admitted.subjectKey(),
                    context.metrics(), context.config().sendQueueFrames(), context.config().eventsPerSecond());
            inbound = new TokenBucket(context.config().messagesPerSecond(), context.config().messagesPerSecond());
            joins = new TokenBucket(context.config().joinsPerSecond(), context.config().joinsPerSecond());
            context.metrics().connectionOpened();
        } else if (event instanceof IdleStateEvent && connection != null) {
            context.metrics().disconnect("heartbeat_timeout");
            connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout: nothing received for "
                    + context.config().heartbeatTimeout().toSeconds() + " s");
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (connection == null || connection.isClosing()) {
                return;
            }
            Message message;
            try {
                if (msg instanceof TextWebSocketFrame text) {
                    message = connection.codec().decodeText(text.text());
                } else if (msg instanceof BinaryWebSocketFrame binary) {
                    message = connection.codec().decodeBinary(binary.content());
                } else {
                    return;
                }
            } catch (ProtocolException e) {
                context.metrics().disconnect("invalid_frame");
                connection.close(CloseCodes.INVALID_FRAME, "invalid frame: " + e.getMessage());
                return;
            }
            handle(message);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(Message message) {
        if (Events.PHOENIX_TOPIC.equals(message.topic()) && Events.HEARTBEAT.equals(message.event())) {
            reply(message, Replies.ok());
            return;
        }
        if (!inbound.tryTake(System.nanoTime())) {
            context.metrics().drop("inbound_rate");
            reply(message, Replies.error("RateLimited", "more than " + context.config().messagesPerSecond()
                    + " messages per second on this socket"));
            return;
        }
        if (!message.topic().startsWith(Events.CHANNEL_PREFIX)) {
            reply(message, Replies.error("InvalidTopic", "topic '" + message.topic() + "' must start with '"
                    + Events.CHANNEL_PREFIX + "' (or be 'phoenix' for heartbeats)"));
            return;
        }
        ChannelSession session = connection.sessions().get(message.topic());
        switch (message.event()) {
            case Events.JOIN -> join(message);
            case Events.LEAVE -> {
                if (session != null) {
                    leave(session);
                }
                reply(message, Replies.ok());
            }
            case Events.ACCESS_TOKEN -> {
                if (session == null) {
                    reply(message, Replies.error("UnmatchedTopic", "join " + message.topic() + " before refreshing its token"));
                } else {
                    refreshToken(session, message.payload().path("access_token").asText(""));
                }
            }
            case Events.BROADCAST -> reply(message, Replies.error("Unauthorized",
                    "client broadcasts are not accepted: events on this gateway come from the database"));
            case Events.PRESENCE -> reply(message, Replies.error("Unsupported", "presence is not supported by this gateway"));
            default -> reply(message, session == null
                    ? Replies.error("UnmatchedTopic", "no channel " + message.topic() + " is joined on this socket")
                    : Replies.error("UnknownEvent", "event '" + message.event() + "' is not part of the protocol"));
        }
    }

    private void join(Message message) {
        LOGGER.debug("join {} join_ref {} ref {} on {}", message.topic(), message.joinRef(), message.ref(),
                connection.channel().remoteAddress());
        String name = message.topic().substring(Events.CHANNEL_PREFIX.length());
        ChannelSession existing = connection.sessions().get(message.topic());
        if (existing != null) {
            leave(existing);
        }
        if (!joins.tryTake(System.nanoTime())) {
            refuse(message, "RateLimited", "more than " + context.config().joinsPerSecond() + " joins per second on this socket");
            return;
        }
        if (connection.sessions().size() >= context.config().maxChannelsPerConnection()) {
            refuse(message, "TooManyChannels", "at most " + context.config().maxChannelsPerConnection()
                    + " channels per connection");
            return;
        }
        ChannelJoiner.Prepared prepared;
        try {
            prepared = joiner.prepare(connection, connection.principal(), name, message.joinRef(), message.payload());
        } catch (JoinRefusal refusal) {
            refuse(message, refusal.code(), refusal.getMessage());
            return;
        }
        ChannelSession session = prepared.session();
        connection.sessions().put(message.topic(), session);
        context.metrics().channelJoined();
        context.feed().join(new JoinRequest(session, prepared.resume(), new JoinRequest.Listener() {
            @Override
            public void live(List<LatestValues.Latest> latest, ReplayPlan replay, String position) {
                connection.executor().execute(() -> goLive(message, session, prepared, latest, replay, position));
                if (replay != null) {
                    context.replayer().start(replay, () -> connection.releaseHeldBack(session));
                }
            }

            @Override
            public void refused(String code, String reason) {
                connection.executor().execute(() -> {
                    if (connection.sessions().get(message.topic()) == session) {
                        connection.sessions().remove(message.topic());
                        context.metrics().channelLeft();
                    }
                    session.close();
                    refuse(message, code, reason);
                });
            }
        }));
    }

    private void goLive(Message join, ChannelSession session, ChannelJoiner.Prepared prepared,
                        List<LatestValues.Latest> latest, ReplayPlan replay, String position) {
        if (session.isClosed() || connection.isClosing()) {
            return;
        }
        if (replay != null) {
            session.holdBack();
        }
        ObjectNode response = Replies.empty();
        response.set("postgres_changes", prepared.replyBindings());
        response.put("position", position);
        if (replay != null) {
            response.put("replaying", replay.records());
        }
        reply(join, Replies.ok(response));
        if (!session.bindings().isEmpty()) {
            connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.SYSTEM,
                    Replies.subscribedToPostgres(session.channel().requested())));
        }
        for (LatestValues.Latest value : latest) {
            FrameBuilder.Built built = FrameBuilder.encodeBroadcast(connection.codec(), session.wireTopic(), value.event(),
                    value.payload(), "{\"key\":" + com.menuca.promo.schemas.json.Json.mapper().valueToTree(value.key()) + "}",
                    connection.channel().alloc());
            connection.deliver(session, OutboundFrame.live(built.frame(), built.binary(),
                    session.channel().canonical() + "|" + value.key(), 0));
        }
        connection.flush();
        scheduleExpiry(session);
    }

    private void refuse(Message message, String code, String reason) {
        context.metrics().joinError(code);
        reply(message, Replies.error(code, reason));
    }

    private void refreshToken(ChannelSession session, String token) {
        Principal principal;
        try {
            principal = context.verifier().verify(token);
        } catch (AuthException e) {
            endChannel(session, "InvalidJWTToken", e.getMessage());
            return;
        }
        Access access = context.policy().accessFor(principal);
        EventFilter events = EventFilter.ALL;
        if (session.channel().isProtected()) {
            var allowed = access.channelAccess(session.channel().canonical());
            if (allowed.isEmpty()) {
                endChannel(session, "Unauthorized", "the new token may not join channel '"
                        + session.channel().canonical() + "'");
                return;
            }
            events = allowed.get();
        }
        session.updateAccess(access, events);
        scheduleExpiry(session);
    }

    private void scheduleExpiry(ChannelSession session) {
        ScheduledFuture<?> previous = expiryTimers.remove(session);
        if (previous != null) {
            previous.cancel(false);
        }
        Principal principal = session.access().principal();
        long delay = Math.max(0, Duration.between(Instant.now(), principal.expiresAt()).toMillis());
        expiryTimers.put(session, connection.executor().schedule(() -> {
            if (session.access().principal() == principal && !session.isClosed()) {
                endChannel(session, "InvalidJWTToken", "token expired at " + principal.expiresAt()
                        + ": refresh it with access_token before it expires");
            }
        }, delay, TimeUnit.MILLISECONDS));
    }

    /** Ends a channel for good: a {@code system} error saying why, then {@code phx_close}. */
    private void endChannel(ChannelSession session, String code, String reason) {
        connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.SYSTEM,
                Replies.systemError(session.channel().requested(), code, reason)));
        connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.CLOSE, Replies.empty()));
        leave(session);
    }

    private void leave(ChannelSession session) {
        if (connection.sessions().remove(session.wireTopic()) == session) {
            context.metrics().channelLeft();
        }
        ScheduledFuture<?> timer = expiryTimers.remove(session);
        if (timer != null) {
            timer.cancel(false);
        }
        session.releaseHeldBack().forEach(frame -> ReferenceCountUtil.release(frame.content()));
        context.feed().leave(session);
    }

    private void reply(Message request, JsonNode payload) {
        connection.send(new Message(request.joinRef(), request.ref(), request.topic(), Events.REPLY, payload));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (connection != null && ctx.channel().isWritable()) {
            connection.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            for (ChannelSession session : new ArrayList<>(connection.sessions().values())) {
                leave(session);
            }
            connection.releaseQueue();
            context.metrics().connectionClosed();
            UpgradeGuard.Admitted admitted = ctx.channel().attr(UpgradeGuard.ADMITTED).get();
            context.limiter().release(admitted.ip(), admitted.subjectKey());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOGGER.debug("socket {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        if (connection != null) {
            connection.close(CloseCodes.POLICY_VIOLATION, "error: " + cause.getMessage());
        } else {
            ctx.close();
        }
    }

    FrameCodec codec() {
        return connection.codec();
    }
}
