package com.menuca.promo.gateway.server;

import io.netty.channel.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Every open socket of the gateway, upgraded or not: the overall connection cap
 * ({@code gateway.max.connections}) and what the sockets hold in memory, for the metrics
 * {@code promo_gateway_held_bytes} (all sockets) and {@code promo_gateway_held_bytes_max} (the
 * largest one). Thread-safe.
 */
public final class OpenSockets {
    /** What an open socket maps to until its WebSocket handshake completes. */
    private static final Object NOT_UPGRADED = Boolean.FALSE;

    private final int max;
    private final AtomicInteger count = new AtomicInteger();
    /**
     * Every open socket, to its {@link Connection} once upgraded: the periodic sweep reads the
     * connections straight from here, not through each channel's attribute map (at tens of thousands
     * of sockets every lookup is a cache miss), at no cost in memory (the value was there anyway).
     */
    private final ConcurrentHashMap<Channel, Object> open = new ConcurrentHashMap<>();

    public OpenSockets(int max) {
        this.max = max;
    }

    /** Counts an accepted socket until it closes; false (and not counted) when the cap is reached. */
    boolean tryAdd(Channel channel) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        open.put(channel, NOT_UPGRADED);
        channel.closeFuture().addListener(future -> {
            open.remove(channel);
            count.decrementAndGet();
        });
        return true;
    }

    /** Notes that a socket upgraded to a WebSocket with this connection (nothing if it closed meanwhile). */
    void upgraded(Connection connection) {
        open.computeIfPresent(connection.channel(), (channel, before) -> connection);
    }

    /** The open sockets (a live view: sockets come and go while it is read). */
    Iterable<Channel> channels() {
        return open.keySet();
    }

    /** Calls {@code action} with the connection of every upgraded socket open now. */
    void forEachConnection(Consumer<Connection> action) {
        open.forEach((channel, value) -> {
            if (value instanceof Connection connection) {
                action.accept(connection);
            }
        });
    }

    public int count() {
        return count.get();
    }

    /** Bytes the gateway holds for all sockets: send queues, held-back frames, Netty's outbound buffers. */
    public long heldBytes() {
        long total = 0;
        for (Map.Entry<Channel, Object> socket : open.entrySet()) {
            total += heldBytes(socket.getKey(), socket.getValue());
        }
        return total;
    }

    /** The most bytes held for one socket. */
    public long maxHeldBytes() {
        long max = 0;
        for (Map.Entry<Channel, Object> socket : open.entrySet()) {
            max = Math.max(max, heldBytes(socket.getKey(), socket.getValue()));
        }
        return max;
    }

    private static long heldBytes(Channel channel, Object value) {
        if (value instanceof Connection connection) {
            return connection.heldBytes();
        }
        var buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
