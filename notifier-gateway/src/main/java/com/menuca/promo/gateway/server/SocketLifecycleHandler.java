package com.menuca.promo.gateway.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The life of an upgraded socket: creates its {@link Connection} when the WebSocket handshake
 * completes, closes it when nothing arrived within the heartbeat timeout, stops reading while it
 * cannot be written and drains its send queue when it turns writable again, and on close (after the handlers behind it left every channel) releases
 * what it held: queued frames, its place under the connection limits, the connection gauge.
 */
final class SocketLifecycleHandler extends ChannelInboundHandlerAdapter {
    private final GatewayContext context;

    SocketLifecycleHandler(GatewayContext context) {
        this.context = context;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        Connection connection = Connection.of(ctx.channel());
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            UpgradeGuard.Admitted admitted = ctx.channel().attr(UpgradeGuard.ADMITTED).get();
            ctx.channel().attr(Connection.KEY).set(new Connection(ctx.channel(), admitted.vsn().codec(),
                    admitted.principal(), admitted.subjectKey(), context.metrics(), context.config().sendQueueFrames(),
                    context.config().sendQueueBytes(), context.config().eventsPerSecond())
                    .withReplayBudget(context.config().replayBudgetRecords()));
            context.metrics().connectionOpened();
        } else if (event instanceof IdleStateEvent && connection != null) {
            context.metrics().disconnect("heartbeat_timeout");
            connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout: nothing received for "
                    + context.config().heartbeatTimeout().toSeconds() + " s");
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /**
     * Reading pauses while the socket cannot be written: a client that sends without reading fills
     * its own TCP window instead of the gateway's memory with replies it will not take.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        boolean writable = ctx.channel().isWritable();
        // turning auto-read back on reads at once
        ctx.channel().config().setAutoRead(writable);
        Connection connection = Connection.of(ctx.channel());
        if (connection != null && writable) {
            connection.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // the handlers behind this one leave their channels first
        super.channelInactive(ctx);
        Connection connection = Connection.of(ctx.channel());
        if (connection != null) {
            connection.releaseQueue();
            context.metrics().connectionClosed();
            UpgradeGuard.Admitted admitted = ctx.channel().attr(UpgradeGuard.ADMITTED).get();
            context.limiter().release(admitted.ip(), admitted.subjectKey());
        }
    }
}
