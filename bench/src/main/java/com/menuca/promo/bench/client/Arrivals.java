package com.menuca.promo.bench.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** When each row (by {@code order_id}) first reached a client, in {@link System#nanoTime()}; repeats counted. */
public final class Arrivals {
    private final Map<Long, Long> firstNanos = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();

    public void record(long orderId, long nanos) {
        if (firstNanos.putIfAbsent(orderId, nanos) != null) {
            duplicates.incrementAndGet();
        }
    }

    public Long arrivedAt(long orderId) {
        return firstNanos.get(orderId);
    }

    public long duplicates() {
        return duplicates.get();
    }

    public int count() {
        return firstNanos.size();
    }

    /** Waits until every id in [from, to) arrived; false on timeout. */
    public boolean awaitRange(long from, long to, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long id = from; id < to; id++) {
            while (!firstNanos.containsKey(id)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(2);
            }
        }
        return true;
    }
}
