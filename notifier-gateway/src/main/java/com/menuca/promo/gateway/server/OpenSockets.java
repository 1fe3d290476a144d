package com.menuca.promo.gateway.server;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every open socket of the gateway, upgraded or not: the overall connection cap
 * ({@code gateway.max.connections}) and what the sockets hold in memory, for the metrics
 * {@code promo_gateway_held_bytes} (all sockets) and {@code promo_gateway_held_bytes_max} (the
 * largest one). Thread-safe.
 */
public final class OpenSockets {
    private final int max;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

    public OpenSockets(int max) {
        this.max = max;
    }

    /** Counts an accepted socket until it closes; false (and not counted) when the cap is reached. */
    boolean tryAdd(Channel channel) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        channels.add(channel);
        channel.closeFuture().addListener(future -> {
            channels.remove(channel);
            count.decrementAndGet();
        });
        return true;
    }

    /** The open sockets (a live view: sockets come and go while it is read). */
    Iterable<Channel> channels() {
        return channels;
    }

    public int count() {
        return count.get();
    }

    /** Bytes the gateway holds for all sockets: send queues, held-back frames, Netty's outbound buffers. */
    public long heldBytes() {
        long total = 0;
        for (Channel channel : channels) {
            total += heldBytes(channel);
        }
        return total;
    }

    /** The most bytes held for one socket. */
    public long maxHeldBytes() {
        long max = 0;
        for (Channel channel : channels) {
            max = Math.max(max, heldBytes(channel));
        }
        return max;
    }

    private static long heldBytes(Channel channel) {
        Connection connection = Connection.of(channel);
        if (connection != null) {
            return connection.heldBytes();
        }
        var buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
