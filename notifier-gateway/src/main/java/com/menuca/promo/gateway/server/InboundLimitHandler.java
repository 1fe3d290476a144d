package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.ratelimit.TokenBucket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * What one socket may send, checked before anything else reads a message:
 * <ul>
 *   <li>channel names of at most {@value #MAX_CHANNEL_NAME_BYTES} bytes and refs of at most
 *       {@value #MAX_REF_CHARS} characters (both are echoed in every reply and stored per channel):
 *       a longer one closes the socket (1008) without echoing it;</li>
 *   <li>{@code gateway.messages.per.second}, heartbeats included, as a token bucket with a burst of the
 *       same size: a message over it is answered with a {@code RateLimited} error and goes no further;
 *       refusals are themselves limited to the same rate (a second bucket), and a socket that runs
 *       that one dry too — it keeps sending at well over the limit — is closed (1008).</li>
 * </ul>
 */
final class InboundLimitHandler extends SimpleChannelInboundHandler<Message> {
    /** Longest channel name (the part after {@code realtime:}), in UTF-8 bytes. */
    static final int MAX_CHANNEL_NAME_BYTES = 255;
    /** Longest {@code ref} or {@code join_ref}. */
    static final int MAX_REF_CHARS = 64;

    private final GatewayMetrics metrics;
    private final int perSecond;
    private final LongSupplier nanoClock;
    private final TokenBucket bucket;
    /** Created when the socket first goes over the rate (most never do). */
    private TokenBucket refusals;

    InboundLimitHandler(GatewayMetrics metrics, int perSecond, LongSupplier nanoClock) {
        super(false);
        this.metrics = metrics;
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.bucket = new TokenBucket(perSecond, perSecond, nanoClock.getAsLong());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        Connection connection = Connection.of(ctx.channel());
        String oversized = oversized(message);
        if (oversized != null) {
            metrics.disconnect("oversized_field");
            connection.close(CloseCodes.POLICY_VIOLATION, oversized);
            return;
        }
        long now = nanoClock.getAsLong();
        if (!bucket.tryTake(now)) {
            metrics.drop("inbound_rate");
            if (refusals == null) {
                refusals = new TokenBucket(perSecond, perSecond, now);
            }
            if (!refusals.tryTake(now)) {
                metrics.disconnect("inbound_rate");
                connection.close(CloseCodes.POLICY_VIOLATION, "kept sending over " + perSecond
                        + " messages per second after RateLimited replies");
                return;
            }
            connection.reply(message, Replies.error("RateLimited", "more than " + perSecond
                    + " messages per second on this socket"));
            return;
        }
        ctx.fireChannelRead(message);
    }

    private static String oversized(Message message) {
        if (tooLong(message.ref()) || tooLong(message.joinRef())) {
            return "ref or join_ref over " + MAX_REF_CHARS + " characters";
        }
        String topic = message.topic();
        String name = topic.startsWith(Events.CHANNEL_PREFIX) ? topic.substring(Events.CHANNEL_PREFIX.length()) : topic;
        // more characters than bytes allowed is over for sure; otherwise count the bytes
        if (name.length() > MAX_CHANNEL_NAME_BYTES
                || name.getBytes(StandardCharsets.UTF_8).length > MAX_CHANNEL_NAME_BYTES) {
            return "channel name over " + MAX_CHANNEL_NAME_BYTES + " bytes";
        }
        return null;
    }

    private static boolean tooLong(String ref) {
        return ref != null && ref.length() > MAX_REF_CHARS;
    }
}
