package com.menuca.promo.gateway.server;

import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a stopping gateway: every WebSocket gets a close frame 1001 (going away), which tells the
 * client to reconnect, to another instance behind the load balancer, and resume where it was; sockets
 * that never upgraded are just closed. The closes are spread evenly over a period, so the clients do
 * not all reconnect to the remaining instances in the same instant.
 */
final class ShutdownDrain {
    private static final Logger LOGGER = LoggerFactory.getLogger(ShutdownDrain.class);
    static final String REASON = "server shutting down: reconnect to resume";

    private ShutdownDrain() {
    }

    /**
     * Closes {@code channels} over {@code period} and waits until they are closed, at most
     * {@code period} plus {@code grace}.
     *
     * @return how many sockets were still open when the wait ended
     */
    static int drain(List<Channel> channels, Duration period, Duration grace) throws InterruptedException {
        if (channels.isEmpty()) {
            return 0;
        }
        LOGGER.info("Draining {} sockets over {} ms: each gets close 1001 and can resume on another instance",
                channels.size(), period.toMillis());
        AtomicInteger open = new AtomicInteger(channels.size());
        Promise<Void> allClosed = new DefaultPromise<>(GlobalEventExecutor.INSTANCE);
        long step = channels.size() > 1 ? period.toNanos() / (channels.size() - 1) : 0;
        for (int i = 0; i < channels.size(); i++) {
            Channel channel = channels.get(i);
            channel.closeFuture().addListener(f -> {
                if (open.decrementAndGet() == 0) {
                    allClosed.trySuccess(null);
                }
            });
            channel.eventLoop().schedule(() -> goAway(channel), step * i, TimeUnit.NANOSECONDS);
        }
        allClosed.await(period.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
        if (open.get() > 0) {
            LOGGER.warn("{} sockets still open after the drain; closing them", open.get());
        }
        return open.get();
    }

    /** On the channel's event loop. */
    private static void goAway(Channel channel) {
        Connection connection = Connection.of(channel);
        if (connection != null) {
            connection.close(CloseCodes.GOING_AWAY, REASON);
        } else {
            channel.close();
        }
    }
}
