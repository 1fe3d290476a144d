package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.protocol.Message;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageDecoderTest {

    private HandlerFixture withDecoder() {
        HandlerFixture f = new HandlerFixture(Map.of(), HandlerFixture.serviceRole(Instant.now().plusSeconds(600)));
        f.channel.pipeline().addFirst(new MessageDecoder(f.metrics));
        return f;
    }

    @Test
    void shouldTurnATextFrameIntoAMessage() {
        HandlerFixture f = withDecoder();
        f.channel.writeInbound(new TextWebSocketFrame("[\"1\",\"2\",\"realtime:room\",\"phx_join\",{}]"));
        assertThat(f.tail.reads).singleElement().isInstanceOfSatisfying(Message.class, m -> {
            assertThat(m.topic()).isEqualTo("realtime:room");
            assertThat(m.event()).isEqualTo("phx_join");
        });
    }

    @Test
    void shouldCloseWith1007OnAFrameThatIsNotAMessage() {
        HandlerFixture f = withDecoder();
        f.channel.writeInbound(new TextWebSocketFrame("not json"));
        assertThat(f.tail.reads).isEmpty();
        assertThat(f.written()).singleElement().asString().startsWith("close 1007 invalid frame");
        assertThat(f.connection.isClosing()).isTrue();
    }
}
