package com.menuca.promo.gateway.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.feed.FrameBuilder;
import com.menuca.promo.gateway.feed.JoinRequest;
import com.menuca.promo.gateway.feed.LatestValues;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.ratelimit.TokenBucket;
import com.menuca.promo.gateway.resume.ReplayPlan;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import com.menuca.promo.schemas.json.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins and leaves of one socket. A join is checked (join rate, channels per socket, then
 * {@link ChannelJoiner}), registered with the feed, and answered only once the subscription is live;
 * then come the subscription's system message, the latest values of a latest-wins channel and, for a
 * resuming client, the replay. Fires {@link SessionEvent}s for the token lifecycle behind it; passes
 * every other message on.
 */
final class JoinHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger LOGGER = LoggerFactory.getLogger(JoinHandler.class);

    private final GatewayContext context;
    private final ChannelJoiner joiner;
    private final LongSupplier nanoClock;
    private final TokenBucket joins;

    JoinHandler(GatewayContext context, ChannelJoiner joiner, LongSupplier nanoClock) {
        super(false);
        this.context = context;
        this.joiner = joiner;
        this.nanoClock = nanoClock;
        this.joins = new TokenBucket(context.config().joinsPerSecond(), context.config().joinsPerSecond(),
                nanoClock.getAsLong());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        Connection connection = Connection.of(ctx.channel());
        switch (message.event()) {
            case Events.JOIN -> join(ctx, connection, message);
            case Events.LEAVE -> {
                ChannelSession session = connection.sessions().get(message.topic());
                if (session != null) {
                    leave(ctx, connection, session);
                }
                connection.reply(message, Replies.ok());
            }
            default -> ctx.fireChannelRead(message);
        }
    }

    private void join(ChannelHandlerContext ctx, Connection connection, Message message) {
        LOGGER.debug("join {} join_ref {} ref {} on {}", message.topic(), message.joinRef(), message.ref(),
                connection.channel().remoteAddress());
        String name = message.topic().substring(Events.CHANNEL_PREFIX.length());
        ChannelSession existing = connection.sessions().get(message.topic());
        if (existing != null) {
            leave(ctx, connection, existing);
        }
        if (!joins.tryTake(nanoClock.getAsLong())) {
            refuse(connection, message, "RateLimited", "more than " + context.config().joinsPerSecond()
                    + " joins per second on this socket");
            return;
        }
        if (connection.sessions().size() >= context.config().maxChannelsPerConnection()) {
            refuse(connection, message, "TooManyChannels", "at most " + context.config().maxChannelsPerConnection()
                    + " channels per connection");
            return;
        }
        ChannelJoiner.Prepared prepared;
        try {
            prepared = joiner.prepare(connection, name, message.joinRef(), message.payload());
        } catch (JoinRefusal refusal) {
            refuse(connection, message, refusal.code(), refusal.getMessage());
            return;
        }
        ChannelSession session = prepared.session();
        // keyed by the session's own topic string: the message's equal one is not kept per channel
        connection.sessions().put(session.wireTopic(), session);
        context.metrics().channelJoined();
        JoinRequest.Listener listener = new JoinRequest.Listener() {
            @Override
            public void live(List<LatestValues.Latest> latest, ReplayPlan replay, String position) {
                if (replay != null && !context.replayer().tryReserve()) {
                    context.feed().leave(session);
                    refused("ReplayBusy", "too many replays running and waiting (gateway.replay.queue): "
                            + "rejoin with config.resume in a few seconds");
                    return;
                }
                connection.executor().execute(() -> goLive(ctx, connection, message, session, prepared, latest, replay,
                        position));
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
                    refuse(connection, message, code, reason);
                });
            }
        };
        if (prepared.resume() == null) {
            context.feed().join(new JoinRequest(session, listener));
            return;
        }
        // a resume is checked against what Kafka still retains: looked up here, never on the feed thread
        context.replayer().retained(session.topicMask()).whenComplete((earliest, error) -> {
            if (error != null) {
                listener.refused("ReplayBusy", "too many resumes being checked (gateway.replay.queue): "
                        + "rejoin with config.resume in a few seconds");
            } else if (!session.isClosed()) {
                context.feed().join(new JoinRequest(session, prepared.resume(), earliest, connection.replayBudget(),
                        listener));
            }
        });
    }

    private void goLive(ChannelHandlerContext ctx, Connection connection, Message join, ChannelSession session,
                        ChannelJoiner.Prepared prepared, List<LatestValues.Latest> latest, ReplayPlan replay,
                        String position) {
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
        connection.reply(join, Replies.ok(response));
        if (!session.bindings().isEmpty()) {
            connection.send(new Message(session.joinRef(), null, session.wireTopic(), Events.SYSTEM,
                    Replies.subscribedToPostgres(session.channel().requested())));
        }
        for (LatestValues.Latest value : latest) {
            FrameBuilder.Built built = FrameBuilder.encodeBroadcast(connection.codec(), session.wireTopic(), value.event(),
                    value.payload(), "{\"key\":" + Json.mapper().valueToTree(value.key()) + "}",
                    connection.channel().alloc());
            connection.deliver(session, OutboundFrame.live(built.frame(), built.binary(),
                    session.channel().canonical() + "|" + value.key(), 0));
        }
        connection.flush();
        ctx.fireUserEventTriggered(new SessionEvent.Live(session));
    }

    private void refuse(Connection connection, Message message, String code, String reason) {
        context.metrics().joinError(code);
        connection.reply(message, Replies.error(code, reason));
    }

    private void leave(ChannelHandlerContext ctx, Connection connection, ChannelSession session) {
        connection.detach(session);
        context.feed().leave(session);
        ctx.fireUserEventTriggered(new SessionEvent.Left(session));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Connection connection = Connection.of(ctx.channel());
        if (connection != null) {
            for (ChannelSession session : new ArrayList<>(connection.sessions().values())) {
                leave(ctx, connection, session);
            }
        }
        super.channelInactive(ctx);
    }
}
