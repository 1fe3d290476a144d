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
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The tokens of a socket's channels: each live channel ends when its token expires (a {@code system}
 * error, then {@code phx_close}) unless the client refreshed it with {@code access_token} first; a
 * refreshed token is verified and checked against the channel again, and ends the channel when it
 * may no longer join it. The last handler of the realtime pipeline.
 *
 * <p>One timer per socket, not per channel: it is due at the earliest expiry among the socket's live
 * channels, ends every channel whose token has expired by then, and is set again for the next one.
 */
final class TokenLifecycleHandler extends SimpleChannelInboundHandler<Message> {
    private final GatewayContext context;
    private final Clock clock;
    /** The socket's expiry timer, or null; due at {@link #due}. */
    private ScheduledFuture<?> timer;
    private Instant due;

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
            live.session().markLive();
            watch(Connection.of(ctx.channel()), live.session().access().principal().expiresAt());
        } else if (!(event instanceof SessionEvent.Left)) {
            // a channel left needs nothing: the timer skips channels no longer joined
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
        Access access = connection.accessFor(principal, context.policy());
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
        if (session.isLive()) {
            watch(connection, principal.expiresAt());
        }
    }

    /** Makes sure the timer is due no later than {@code expiresAt} (null: a publishable key, it does not expire). */
    private void watch(Connection connection, Instant expiresAt) {
        if (expiresAt == null || (timer != null && !expiresAt.isBefore(due))) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        arm(connection, expiresAt);
    }

    private void arm(Connection connection, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        due = at;
        timer = connection.executor().schedule(() -> expire(connection, at), delay, TimeUnit.MILLISECONDS);
    }

    /** Ends the live channels whose token expired by {@code at} (or by now), then waits for the next expiry. */
    private void expire(Connection connection, Instant at) {
        timer = null;
        due = null;
        if (connection.isClosing()) {
            return;
        }
        Instant now = clock.instant();
        Instant cutoff = now.isAfter(at) ? now : at;
        Instant next = null;
        for (ChannelSession session : new ArrayList<>(connection.sessions().values())) {
            Principal principal = session.access().principal();
            if (!session.isLive() || session.isClosed() || principal.expiresAt() == null) {
                continue;
            }
            if (!principal.expiresAt().isAfter(cutoff)) {
                endChannel(connection, session, "InvalidJWTToken", "token expired at " + principal.expiresAt()
                        + ": refresh it with access_token before it expires");
            } else if (next == null || principal.expiresAt().isBefore(next)) {
                next = principal.expiresAt();
            }
        }
        if (next != null) {
            arm(connection, next);
        }
    }

    /** Ends a channel for good: a {@code system} error saying why, then {@code phx_close}. */
    private void endChannel(Connection connection, ChannelSession session, String code, String reason) {
        connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.SYSTEM,
                Replies.systemError(session.channel().requested(), code, reason)));
        connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.CLOSE, Replies.empty()));
        connection.detach(session);
        context.feed().leave(session);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        super.channelInactive(ctx);
    }
}
