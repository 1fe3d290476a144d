package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayMetrics;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The heartbeat timeout of every upgraded socket ({@code gateway.heartbeat.timeout}): one periodic
 * sweep over the open sockets closes (4000) each whose last message is older than the timeout. One
 * task for the whole gateway instead of an idle timer per socket, which tens of thousands of idle
 * sockets would each hold and keep rescheduling. A socket is closed within the timeout plus one sweep
 * period (a twentieth of the timeout, from 100 ms to 1 s).
 */
final class HeartbeatSweep {
    private final OpenSockets sockets;
    private final long timeoutNanos;
    private final Duration timeout;
    private final GatewayMetrics metrics;

    HeartbeatSweep(OpenSockets sockets, Duration timeout, GatewayMetrics metrics) {
        this.sockets = sockets;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.metrics = metrics;
    }

    /** The time between sweeps. */
    Duration period() {
        long millis = Math.max(100, Math.min(1_000, timeout.toMillis() / 20));
        return Duration.ofMillis(millis);
    }

    /** Sweeps periodically on {@code executor} until it shuts down. */
    ScheduledFuture<?> start(EventExecutor executor) {
        long period = period().toNanos();
        return executor.scheduleAtFixedRate(() -> sweep(System.nanoTime()), period, period, TimeUnit.NANOSECONDS);
    }

    /** Closes, on their event loops, the upgraded sockets that received nothing for the timeout by {@code nowNanos}. */
    void sweep(long nowNanos) {
        for (Channel channel : sockets.channels()) {
            Connection connection = Connection.of(channel);
            if (connection != null && nowNanos - connection.lastReadNanos() > timeoutNanos) {
                channel.eventLoop().execute(() -> timedOut(connection, nowNanos));
            }
        }
    }

    private void timedOut(Connection connection, long nowNanos) {
        // re-checked on the socket's loop: a message may have arrived meanwhile, or an earlier sweep closed it
        if (connection.isClosing() || nowNanos - connection.lastReadNanos() <= timeoutNanos) {
            return;
        }
        metrics.disconnect("heartbeat_timeout");
        connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout: nothing received for "
                + timeout.toSeconds() + " s");
    }
}
