package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.subscription.ChannelSession;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;

/**
 * The tokens of a socket's channels: each live channel ends when its token expires (a {@code system}
 * error, then {@code phx_close}) unless the client refreshed it with {@code access_token} first; a
 * refreshed token is verified and checked against the channel again, and ends the channel when it
 * may no longer join it. The last handler of the realtime pipeline.
 *
 * <p>No timer of its own: the socket's {@link Connection} records when the earliest token of its live
 * channels expires, and the gateway's {@link SocketSweep} calls {@link #expire} once that time has
 * come, which ends every channel whose token has expired and records the next expiry. Stateless,
 * shared by every socket.
 */
@ChannelHandler.Sharable
final class TokenLifecycleHandler extends SimpleChannelInboundHandler<Message> {
    private final GatewayContext context;
    private final Clock clock;

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
            // a channel left needs nothing: expire() only looks at the channels still joined
            super.userEventTriggered(ctx, event);
        }
    }

    private void refresh(Connection connection, ChannelSession session, String token) {
        Principal principal;
        try {
            principal = connection.tokens().verify(token, context.verifier(), clock.instant());
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

    /** Makes sure the socket is due no later than {@code expiresAt} (null: a publishable key, it does not expire). */
    private static void watch(Connection connection, Instant expiresAt) {
        if (expiresAt != null && expiresAt.toEpochMilli() < connection.tokensDueMillis()) {
            connection.tokensDue(expiresAt.toEpochMilli());
        }
    }

    /**
     * Ends the live channels whose token has expired by now, and records when the next one expires
     * (event loop; called by the {@link SocketSweep} once the recorded time has come).
     */
    void expire(Connection connection) {
        Instant now = clock.instant();
        long next = Long.MAX_VALUE;
        for (ChannelSession session : new ArrayList<>(connection.sessions().values())) {
            Instant expiresAt = session.access().principal().expiresAt();
            if (!session.isLive() || session.isClosed() || expiresAt == null) {
                continue;
            }
            if (!expiresAt.isAfter(now)) {
                endChannel(connection, session, "InvalidJWTToken", "token expired at " + expiresAt
                        + ": refresh it with access_token before it expires");
            } else {
                next = Math.min(next, expiresAt.toEpochMilli());
            }
        }
        connection.tokensDue(next);
    }

    /** Ends a channel for good: a {@code system} error saying why, then {@code phx_close}. */
    private void endChannel(Connection connection, ChannelSession session, String code, String reason) {
        connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.SYSTEM,
                Replies.systemError(session.channel().requested(), code, reason)));
        connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.CLOSE, Replies.empty()));
        connection.detach(session);
        context.feed().leave(session);
        // from the head, so the handlers before this one (presence, broadcasts) let the channel go too
        connection.channel().pipeline().fireUserEventTriggered(new SessionEvent.Left(session));
    }
}
