package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.ratelimit.TokenBucket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.function.LongSupplier;

/**
 * The message rate limit of one socket: a token bucket of {@code gateway.messages.per.second}
 * (burst of the same size). A message over the limit is answered with a {@code RateLimited} error and
 * goes no further.
 */
final class InboundLimitHandler extends SimpleChannelInboundHandler<Message> {
    private final GatewayMetrics metrics;
    private final int perSecond;
    private final LongSupplier nanoClock;
    private final TokenBucket bucket;

    InboundLimitHandler(GatewayMetrics metrics, int perSecond, LongSupplier nanoClock) {
        super(false);
        this.metrics = metrics;
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.bucket = new TokenBucket(perSecond, perSecond, nanoClock.getAsLong());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (Events.PHOENIX_TOPIC.equals(message.topic()) && Events.HEARTBEAT.equals(message.event())) {
            ctx.fireChannelRead(message);
            return;
        }
        if (!bucket.tryTake(nanoClock.getAsLong())) {
            metrics.drop("inbound_rate");
            Connection.of(ctx.channel()).reply(message, Replies.error("RateLimited", "more than " + perSecond
                    + " messages per second on this socket"));
            return;
        }
        ctx.fireChannelRead(message);
    }
}
