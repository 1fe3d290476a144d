package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.ProtocolException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * Data frames to protocol {@link Message}s with the socket's serializer. A frame that is not a
 * protocol message closes the socket with 1007 and the reason; nothing is read once it is closing.
 */
final class MessageDecoder extends MessageToMessageDecoder<WebSocketFrame> {
    private final GatewayMetrics metrics;

    MessageDecoder(GatewayMetrics metrics) {
        super(WebSocketFrame.class);
        this.metrics = metrics;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        Connection connection = Connection.of(ctx.channel());
        if (connection == null || connection.isClosing()) {
            return;
        }
        try {
            if (frame instanceof TextWebSocketFrame text) {
                out.add(connection.codec().decodeText(text.text()));
            } else if (frame instanceof BinaryWebSocketFrame binary) {
                out.add(connection.codec().decodeBinary(binary.content()));
            }
        } catch (ProtocolException e) {
            metrics.disconnect("invalid_frame");
            connection.close(CloseCodes.INVALID_FRAME, "invalid frame: " + e.getMessage());
        }
    }
}
