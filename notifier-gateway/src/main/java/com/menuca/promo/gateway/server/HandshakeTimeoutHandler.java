package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket that has not sent a whole HTTP request within {@code gateway.handshake.timeout} of
 * connecting, or of the last response on it (a keep-alive socket left idle). An idle TCP connection
 * and a slowloris request (headers a byte at a time) are both closed; once the socket upgraded to a
 * WebSocket (its 101 response is written) the heartbeat timeout takes over and this handler leaves
 * the pipeline. Sits right behind the HTTP aggregator, so a request counts once it is whole and every
 * response passes it.
 */
final class HandshakeTimeoutHandler extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private final GatewayMetrics metrics;
    private ScheduledFuture<?> timer;

    HandshakeTimeoutHandler(Duration timeout, GatewayMetrics metrics) {
        this.timeoutNanos = timeout.toNanos();
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest) {
            disarm();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
            // upgraded: from here on the heartbeat timeout watches the socket
            disarm();
            super.write(ctx, msg, promise);
            ctx.pipeline().remove(this);
            return;
        }
        if (msg instanceof LastHttpContent) {
            // a response: the socket may send its next request, within the timeout again
            arm(ctx);
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer != null || !ctx.channel().isActive() || ctx.isRemoved()) {
            return;
        }
        timer = ctx.executor().schedule(() -> {
            timer = null;
            if (ctx.channel().isActive()) {
                metrics.disconnect("handshake_timeout");
                ctx.close();
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
