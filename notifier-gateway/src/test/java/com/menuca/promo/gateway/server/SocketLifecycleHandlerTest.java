package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.protocol.Vsn;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading pauses while the socket cannot be written, and resumes when it can (finding 4); an
 * upgraded socket keeps no HTTP handler.
 */
class SocketLifecycleHandlerTest {

    @Test
    void shouldDropTheHttpOnlyHandlersOnceTheSocketUpgraded() {
        HandlerFixture f = new HandlerFixture(Map.of(), HandlerFixture.serviceRole(Instant.now().plusSeconds(600)));
        f.channel.pipeline().addFirst("lifecycle", new SocketLifecycleHandler(f.context));
        f.channel.pipeline().addFirst("rest", new ChannelInboundHandlerAdapter());
        f.channel.pipeline().addFirst("guard", new ChannelInboundHandlerAdapter());
        f.channel.pipeline().addFirst("origin", new ChannelInboundHandlerAdapter());
        f.channel.attr(UpgradeGuard.ADMITTED).set(new UpgradeGuard.Admitted(f.connection.principal(), Vsn.V2,
                "127.0.0.1", "svc"));
        f.channel.pipeline().fireUserEventTriggered(new WebSocketServerProtocolHandler.HandshakeComplete(
                UpgradeGuard.PATH, EmptyHttpHeaders.INSTANCE, null));
        assertThat(f.channel.pipeline().names()).doesNotContain("origin", "guard", "rest").contains("lifecycle");
        assertThat(Connection.of(f.channel)).as("the upgraded socket's connection").isNotNull();
    }

    @Test
    void shouldStopReadingWhileTheSocketIsNotWritable() {
        HandlerFixture f = new HandlerFixture(Map.of(), HandlerFixture.serviceRole(Instant.now().plusSeconds(600)));
        f.channel.pipeline().addFirst(new SocketLifecycleHandler(f.context));
        f.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        assertThat(f.channel.config().isAutoRead()).isTrue();
        f.channel.write(Unpooled.wrappedBuffer(new byte[64]));
        assertThat(f.channel.isWritable()).isFalse();
        assertThat(f.channel.config().isAutoRead()).as("no reading while replies cannot be written").isFalse();
        f.channel.flush();
        assertThat(f.channel.isWritable()).isTrue();
        assertThat(f.channel.config().isAutoRead()).isTrue();
    }
}
