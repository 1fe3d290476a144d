package com.menuca.promo.gateway.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The life of an upgraded socket: creates its {@link Connection} when the WebSocket handshake
 * completes, notes when each message arrives (for the {@link SocketSweep}), stops reading while it
 * cannot be written and drains its send queue when it turns writable again, and on close (after the
 * handlers behind it left every channel) releases what it held: queued frames, its place under the
 * connection limits, the connection gauge. On upgrade, the handlers that only served HTTP leave the
 * pipeline. Stateless, shared by every socket.
 */
@ChannelHandler.Sharable
final class SocketLifecycleHandler extends ChannelInboundHandlerAdapter {
    private final GatewayContext context;

    SocketLifecycleHandler(GatewayContext context) {
        this.context = context;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            GatewayInitializer.upgraded(ctx.pipeline());
            UpgradeGuard.Admitted admitted = ctx.channel().attr(UpgradeGuard.ADMITTED).get();
            Connection connection = new Connection(ctx.channel(), admitted.vsn().codec(),
                    admitted.principal(), admitted.subjectKey(), context.metrics(), context.config().sendQueueFrames(),
                    context.config().sendQueueBytes(), context.config().eventsPerSecond())
                    .withReplayBudget(context.config().replayBudgetRecords());
            ctx.channel().attr(Connection.KEY).set(connection);
            context.sockets().upgraded(connection);
            context.metrics().connectionOpened();
        }
        super.userEventTriggered(ctx, event);
    }

    /** Every message counts as a sign of life for the heartbeat timeout ({@link SocketSweep}). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        Connection connection = Connection.of(ctx.channel());
        if (connection != null) {
            connection.received(System.nanoTime());
        }
        super.channelRead(ctx, msg);
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
