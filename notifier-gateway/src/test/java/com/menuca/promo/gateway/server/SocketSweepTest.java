package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The heartbeat timeout: one sweep closes the sockets that sent nothing for the timeout, and only those. */
class SocketSweepTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final HandlerFixture quiet = fixture();
    private final HandlerFixture chatty = fixture();
    private final OpenSockets sockets = new OpenSockets(10);
    private final SocketSweep sweep = new SocketSweep(sockets, Duration.ofSeconds(60), quiet.metrics);

    private static HandlerFixture fixture() {
        HandlerFixture f = new HandlerFixture(Map.of(), HandlerFixture.serviceRole(Instant.now().plusSeconds(600)));
        f.channel.pipeline().addFirst(new SocketLifecycleHandler(f.context));
        return f;
    }

    @Test
    void shouldCloseTheSocketsThatSentNothingForTheTimeoutOnce() {
        assertThat(sockets.tryAdd(quiet.channel)).isTrue();
        assertThat(sockets.tryAdd(chatty.channel)).isTrue();
        sockets.upgraded(quiet.connection);
        sockets.upgraded(chatty.connection);
        quiet.connection.received(0);
        chatty.connection.received(30 * SECOND);

        sweep.sweep(60 * SECOND, 0);
        quiet.channel.runPendingTasks();
        assertThat(quiet.written()).as("60 s without a message is not yet over the timeout").isEmpty();

        sweep.sweep(61 * SECOND, 0);
        quiet.channel.runPendingTasks();
        chatty.channel.runPendingTasks();
        assertThat(quiet.written()).containsExactly("close 4000 heartbeat timeout: nothing received for 60 s");
        assertThat(chatty.written()).as("a message 31 s ago").isEmpty();

        sweep.sweep(62 * SECOND, 0);
        quiet.channel.runPendingTasks();
        assertThat(quiet.written()).as("closed once").isEmpty();
        assertThat(quiet.registry.find("promo.gateway.disconnects").tag("reason", "heartbeat_timeout").counter()
                .count()).isEqualTo(1.0);
    }

    @Test
    void shouldCountEveryMessageAsASignOfLife() {
        chatty.connection.received(0);
        long before = System.nanoTime();
        chatty.channel.writeInbound(new TextWebSocketFrame("[null,\"1\",\"phoenix\",\"heartbeat\",{}]"));
        assertThat(chatty.connection.lastReadNanos()).isGreaterThanOrEqualTo(before);
        assertThat(chatty.tail.reads).as("passed on").hasSize(1);
    }

    @Test
    void shouldSweepAtATwentiethOfTheTimeoutWithinBounds() {
        assertThat(sweep.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new SocketSweep(sockets, Duration.ofSeconds(10), quiet.metrics).period())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(new SocketSweep(sockets, Duration.ofMillis(500), quiet.metrics).period())
                .isEqualTo(Duration.ofMillis(100));
    }
}
