package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayMetrics;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The timers of every upgraded socket in one periodic sweep over the open sockets, instead of timers
 * per socket that tens of thousands of idle sockets would each hold and keep rescheduling:
 * <ul>
 *   <li>the heartbeat timeout ({@code gateway.heartbeat.timeout}): a socket whose last message is
 *       older is closed (4000);</li>
 *   <li>token expiry: a socket with a channel whose token has expired has its
 *       {@link TokenLifecycleHandler} end those channels.</li>
 * </ul>
 * The sweep runs every twentieth of the heartbeat timeout, from 100 ms to 1 s: a socket is closed
 * within the timeout plus one period, a channel ends at most one period after its token's {@code exp}.
 */
final class SocketSweep {
    private final OpenSockets sockets;
    private final long timeoutNanos;
    private final Duration timeout;
    private final GatewayMetrics metrics;

    SocketSweep(OpenSockets sockets, Duration timeout, GatewayMetrics metrics) {
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
        return executor.scheduleAtFixedRate(() -> sweep(System.nanoTime(), System.currentTimeMillis()), period, period,
                TimeUnit.NANOSECONDS);
    }

    /**
     * Acts, on their event loops, for the upgraded sockets that received nothing for the timeout by
     * {@code nowNanos} ({@link System#nanoTime()}) or hold a token expired by {@code nowMillis} (epoch).
     */
    void sweep(long nowNanos, long nowMillis) {
        sockets.forEachConnection(connection -> {
            Channel channel = connection.channel();
            if (nowNanos - connection.lastReadNanos() > timeoutNanos) {
                channel.eventLoop().execute(() -> timedOut(connection, nowNanos));
            } else if (connection.tokensDueMillis() <= nowMillis) {
                channel.eventLoop().execute(() -> {
                    TokenLifecycleHandler tokens = channel.pipeline().get(TokenLifecycleHandler.class);
                    if (tokens != null && !connection.isClosing()) {
                        tokens.expire(connection);
                    }
                });
            }
        });
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
