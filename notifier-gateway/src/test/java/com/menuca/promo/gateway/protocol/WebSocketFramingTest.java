package com.menuca.promo.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pre-built frames decode, with Netty's own client-side decoder, to exactly the payload, at every length class. */
class WebSocketFramingTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 200_000})
    void framesDecodeToTheirPayload(int length) {
        String text = "x".repeat(length);
        for (boolean binary : new boolean[] {false, true}) {
            ByteBuf frame = WebSocketFraming.frame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), binary,
                    ByteBufAllocator.DEFAULT);
            EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
            client.writeInbound(frame);
            Object decoded = client.readInbound();
            assertThat(decoded).isInstanceOf(binary ? BinaryWebSocketFrame.class : TextWebSocketFrame.class);
            assertThat(((io.netty.buffer.ByteBufHolder) decoded).content().toString(StandardCharsets.UTF_8)).isEqualTo(text);
            ((io.netty.buffer.ByteBufHolder) decoded).release();
            client.finishAndReleaseAll();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 200_000})
    void framesBuiltInPlaceAreTheSameBytes(int length) {
        String text = "y".repeat(length);
        for (boolean binary : new boolean[] {false, true}) {
            ByteBuf copied = WebSocketFraming.frame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), binary,
                    ByteBufAllocator.DEFAULT);
            // a small estimate: the buffer grows while the payload is written, the header still lands in front
            ByteBuf inPlace = WebSocketFraming.start(ByteBufAllocator.DEFAULT, 16);
            inPlace.writeCharSequence(text, StandardCharsets.UTF_8);
            WebSocketFraming.finish(inPlace, binary);
            assertThat(ByteBufUtil.getBytes(inPlace)).isEqualTo(ByteBufUtil.getBytes(copied));
            copied.release();
            inPlace.release();
        }
    }
}
