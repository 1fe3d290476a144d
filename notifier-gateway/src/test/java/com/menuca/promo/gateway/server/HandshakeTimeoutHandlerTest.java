package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The handshake timeout on a frozen clock (finding 5). */
class HandshakeTimeoutHandlerTest {
    private final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new HandshakeTimeoutHandler(Duration.ofSeconds(10), metrics));
        return channel;
    }

    @Test
    void shouldCloseASocketThatSendsNoWholeRequestInTime() {
        EmbeddedChannel channel = channel();
        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void shouldRestartTheTimeoutAfterEachResponseAndLeaveOnceUpgraded() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        channel.advanceTimeBy(30, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("a request is being answered: no timeout meanwhile").isTrue();
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        channel.advanceTimeBy(11, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("idle keep-alive socket closed").isFalse();

        EmbeddedChannel upgraded = channel();
        upgraded.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/realtime/v1/websocket"));
        upgraded.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS));
        assertThat(upgraded.pipeline().get(HandshakeTimeoutHandler.class)).isNull();
        upgraded.advanceTimeBy(60, TimeUnit.SECONDS);
        upgraded.runScheduledPendingTasks();
        assertThat(upgraded.isOpen()).as("the heartbeat timeout watches an upgraded socket").isTrue();
    }
}
