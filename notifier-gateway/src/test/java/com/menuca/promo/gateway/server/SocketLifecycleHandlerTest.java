package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading pauses while the socket cannot be written, and resumes when it can (finding 4). */
class SocketLifecycleHandlerTest {

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
