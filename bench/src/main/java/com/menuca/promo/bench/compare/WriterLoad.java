package com.menuca.promo.bench.compare;

import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers of single-row {@code coupon_usage_log} insert transactions (redemptions), each on its own
 * connection, with order ids from one shared counter; order {@code n} redeems coupon {@code n mod coupons}
 * for customer {@code n mod 50,000}, so no coupon or customer is a hot spot for the trigger design's
 * per-redemption count and sum queries. Paced (a total rate split over the writers) or flat out, for a
 * fixed time; notes when each commit returned and how much CPU the writer threads themselves used
 * (the load generator's own cost).
 */
final class WriterLoad {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What a run of writers did. */
    record Result(long firstOrderId, long endOrderId, long rows, double seconds, Map<Long, Long> committedAtNanos,
                  double writerCpuCores, long startNanos) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    static final long CUSTOMERS = 50_000;

    private final EmbeddedPostgresServer postgres;
    private final long[] couponIds;
    private final AtomicLong nextOrderId;

    WriterLoad(EmbeddedPostgresServer postgres, List<Long> couponIds, AtomicLong nextOrderId) {
        this.postgres = postgres;
        this.couponIds = couponIds.stream().mapToLong(Long::longValue).toArray();
        this.nextOrderId = nextOrderId;
    }

    /**
     * Runs {@code writers} threads for {@code duration}.
     *
     * @param totalRate rows per second over all writers, or 0 for as fast as they can
     */
    Result run(int writers, double totalRate, Duration duration) throws Exception {
        Map<Long, Long> committed = new ConcurrentHashMap<>();
        AtomicLong cpuNanos = new AtomicLong();
        long first = nextOrderId.get();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < writers; w++) {
            double perWriter = totalRate / writers;
            Thread thread = new Thread(() -> {
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                try (Connection c = postgres.connect(); PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO menuca_v3.coupon_usage_log
                            (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                        VALUES (?, 1, ?, ?, 1.50, 30.00)""")) {
                    long interval = perWriter > 0 ? (long) (1e9 / perWriter) : 0;
                    long due = System.nanoTime();
                    while (System.nanoTime() < end) {
                        if (interval > 0) {
                            long wait;
                            while ((wait = due - System.nanoTime()) > 0) {
                                if (wait > 200_000) {
                                    Thread.sleep(0, 100_000);
                                }
                            }
                            due += interval;
                        }
                        long orderId = nextOrderId.getAndIncrement();
                        insert.setLong(1, couponIds[(int) (orderId % couponIds.length)]);
                        insert.setLong(2, orderId % CUSTOMERS);
                        insert.setLong(3, orderId);
                        insert.executeUpdate();
                        committed.put(orderId, System.nanoTime());
                    }
                } catch (SQLException | InterruptedException e) {
                    failures.add(e);
                }
                cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuBefore);
            }, "bench-writer-" + w);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Ids handed out but not committed cannot exist: every writer commits what it takes before checking the clock.
        long endId = nextOrderId.get();
        return new Result(first, endId, committed.size(), seconds, Map.copyOf(committed), cpuNanos.get() / 1e9 / seconds, start);
    }
}
