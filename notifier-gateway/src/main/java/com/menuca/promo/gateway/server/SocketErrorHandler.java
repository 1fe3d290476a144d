package com.menuca.promo.gateway.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tail of an upgraded socket's pipeline: an exception no handler dealt with closes the socket
 * (1008 with the reason when it is a WebSocket, a plain close before that). Shared.
 */
@ChannelHandler.Sharable
final class SocketErrorHandler extends ChannelInboundHandlerAdapter {
    static final SocketErrorHandler INSTANCE = new SocketErrorHandler();
    private static final Logger LOGGER = LoggerFactory.getLogger(SocketErrorHandler.class);

    private SocketErrorHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOGGER.debug("socket {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        Connection connection = Connection.of(ctx.channel());
        if (connection != null && cause instanceof TooLongFrameException) {
            connection.close(CloseCodes.MESSAGE_TOO_BIG, "message over the frame limit");
        } else if (connection != null) {
            connection.close(CloseCodes.POLICY_VIOLATION, "error: " + cause.getMessage());
        } else {
            ctx.close();
        }
    }
}
