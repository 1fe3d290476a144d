package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.protocol.Echo;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Routes each protocol message: answers heartbeats, refuses what the gateway does not accept (topics
 * outside {@code realtime:}, unknown events, a token refresh, broadcast or presence for a channel not
 * joined) with an error reply, and passes joins, leaves, broadcasts, presence and token refreshes on
 * to the handlers of those concerns. Stateless, shared by every socket.
 */
@ChannelHandler.Sharable
final class ProtocolDispatcher extends SimpleChannelInboundHandler<Message> {
    static final ProtocolDispatcher INSTANCE = new ProtocolDispatcher();

    private ProtocolDispatcher() {
        super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        Connection connection = Connection.of(ctx.channel());
        if (Events.PHOENIX_TOPIC.equals(message.topic()) && Events.HEARTBEAT.equals(message.event())) {
            connection.reply(message, Replies.ok());
            return;
        }
        if (!message.topic().startsWith(Events.CHANNEL_PREFIX)) {
            connection.reply(message, Replies.error("InvalidTopic", "topic '" + Echo.prefix(message.topic()) + "' must start with '"
                    + Events.CHANNEL_PREFIX + "' (or be 'phoenix' for heartbeats)"));
            return;
        }
        boolean joined = connection.sessions().containsKey(message.topic());
        switch (message.event()) {
            case Events.JOIN, Events.LEAVE -> ctx.fireChannelRead(message);
            case Events.ACCESS_TOKEN -> {
                if (joined) {
                    ctx.fireChannelRead(message);
                } else {
                    connection.reply(message, Replies.error("UnmatchedTopic", "join " + Echo.prefix(message.topic())
                            + " before refreshing its token"));
                }
            }
            case Events.BROADCAST, Events.PRESENCE -> {
                if (joined) {
                    ctx.fireChannelRead(message);
                } else {
                    connection.reply(message, Replies.error("UnmatchedTopic", "join " + message.topic()
                            + " before sending " + message.event() + " on it"));
                }
            }
            default -> connection.reply(message, joined
                    ? Replies.error("UnknownEvent", "event '" + Echo.prefix(message.event()) + "' is not part of the protocol")
                    : Replies.error("UnmatchedTopic", "no channel " + Echo.prefix(message.topic()) + " is joined on this socket"));
        }
    }
}
