package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.subscription.ChannelSession;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tokens of a socket's channels: each live channel ends when its token expires (a {@code system}
 * error, then {@code phx_close}) unless the client refreshed it with {@code access_token} first; a
 * refreshed token is verified and checked against the channel again, and ends the channel when it
 * may no longer join it. The last handler of the realtime pipeline.
 */
final class TokenLifecycleHandler extends SimpleChannelInboundHandler<Message> {
    private final GatewayContext context;
    private final Clock clock;
    private final Map<ChannelSession, ScheduledFuture<?>> expiryTimers = new HashMap<>();

    TokenLifecycleHandler(GatewayContext context, Clock clock) {
        super(false);
        this.context = context;
        this.clock = clock;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        Connection connection = Connection.of(ctx.channel());
        ChannelSession session = connection.sessions().get(message.topic());
        if (Events.ACCESS_TOKEN.equals(message.event()) && session != null) {
            refresh(connection, session, message.payload().path("access_token").asText(""));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SessionEvent.Live live) {
            scheduleExpiry(Connection.of(ctx.channel()), live.session());
        } else if (event instanceof SessionEvent.Left left) {
            cancelExpiry(left.session());
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    private void refresh(Connection connection, ChannelSession session, String token) {
        Principal principal;
        try {
            principal = context.verifier().verify(token);
        } catch (AuthException e) {
            endChannel(connection, session, "InvalidJWTToken", e.getMessage());
            return;
        }
        Access access = context.policy().accessFor(principal);
        EventFilter events = EventFilter.ALL;
        if (session.channel().isProtected()) {
            var allowed = access.channelAccess(session.channel().canonical());
            if (allowed.isEmpty()) {
                endChannel(connection, session, "Unauthorized", "the new token may not join channel '"
                        + session.channel().canonical() + "'");
                return;
            }
            events = allowed.get();
        }
        session.updateAccess(access, events);
        scheduleExpiry(connection, session);
    }

    private void scheduleExpiry(Connection connection, ChannelSession session) {
        cancelExpiry(session);
        Principal principal = session.access().principal();
        if (principal.expiresAt() == null) {
            return; // a publishable key: it does not expire
        }
        long delay = Math.max(0, Duration.between(clock.instant(), principal.expiresAt()).toMillis());
        expiryTimers.put(session, connection.executor().schedule(() -> {
            if (session.access().principal() == principal && !session.isClosed()) {
                endChannel(connection, session, "InvalidJWTToken", "token expired at " + principal.expiresAt()
                        + ": refresh it with access_token before it expires");
            }
        }, delay, TimeUnit.MILLISECONDS));
    }

    private void cancelExpiry(ChannelSession session) {
        ScheduledFuture<?> timer = expiryTimers.remove(session);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Ends a channel for good: a {@code system} error saying why, then {@code phx_close}. */
    private void endChannel(Connection connection, ChannelSession session, String code, String reason) {
        connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.SYSTEM,
                Replies.systemError(session.channel().requested(), code, reason)));
        connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.CLOSE, Replies.empty()));
        cancelExpiry(session);
        connection.detach(session);
        context.feed().leave(session);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        expiryTimers.values().forEach(timer -> timer.cancel(false));
        expiryTimers.clear();
        super.channelInactive(ctx);
    }
}
