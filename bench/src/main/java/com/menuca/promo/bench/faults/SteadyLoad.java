package com.menuca.promo.bench.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-row insert transactions into {@code coupon_usage_log} at a steady rate from a few writer
 * threads, each row with a unique {@code order_id}, one coupon per check. A writer that loses its
 * connection (PostgreSQL restarting) reconnects and carries on; the outcome of a commit in flight at
 * that moment is unknown to it, so the truth about what was committed is read back from the table.
 */
final class SteadyLoad implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SteadyLoad.class);
    /** The restaurant of every row written (and of the checks' coupons). */
    static final long RESTAURANT_ID = 7;

    private final ConnectionFactory connections;
    private final long couponId;
    private final AtomicLong nextOrderId;
    private final Map<Long, Long> committedAtNanos = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong failedTransactions = new AtomicLong();
    private final List<Thread> writers = new ArrayList<>();

    /** Opens a connection to the database under test. */
    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final boolean updateEachRow;

    /** @param updateEachRow also update each row once, in a transaction of its own, after its insert */
    SteadyLoad(ConnectionFactory connections, long couponId, long firstOrderId, double rowsPerSecond, int writerCount,
               boolean updateEachRow) {
        this.connections = connections;
        this.updateEachRow = updateEachRow;
        this.couponId = couponId;
        this.nextOrderId = new AtomicLong(firstOrderId);
        long intervalNanos = (long) (1e9 * writerCount / rowsPerSecond);
        for (int i = 0; i < writerCount; i++) {
            Thread writer = new Thread(() -> write(intervalNanos), "fault-load-" + i);
            writer.setDaemon(true);
            writers.add(writer);
        }
        writers.forEach(Thread::start);
    }

    private void write(long intervalNanos) {
        long due = System.nanoTime();
        Connection connection = null;
        PreparedStatement insert = null;
        PreparedStatement update = null;
        while (running.get()) {
            try {
                if (connection == null) {
                    connection = connections.open();
                    insert = connection.prepareStatement("""
                            INSERT INTO menuca_v3.coupon_usage_log
                                (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                            VALUES (?, ?, ?, ?, 2.00, 20.00)""");
                    update = connection.prepareStatement(
                            "UPDATE menuca_v3.coupon_usage_log SET order_total = 21.00 WHERE coupon_id = ? AND order_id = ?");
                }
                long orderId = nextOrderId.getAndIncrement();
                insert.setLong(1, couponId);
                insert.setLong(2, RESTAURANT_ID);
                insert.setLong(3, orderId % 500);
                insert.setLong(4, orderId);
                insert.executeUpdate();
                committedAtNanos.put(orderId, System.nanoTime());
                if (updateEachRow) {
                    update.setLong(1, couponId);
                    update.setLong(2, orderId);
                    update.executeUpdate();
                }
            } catch (SQLException e) {
                failedTransactions.incrementAndGet();
                LOGGER.debug("write failed ({}); reconnecting", e.getMessage());
                closeQuietly(connection);
                connection = null;
                sleep(Duration.ofMillis(200));
            }
            due += intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleep(Duration.ofNanos(wait));
            } else if (-wait > 1_000_000_000L) {
                due = System.nanoTime(); // a long outage is not made up for with a burst
            }
        }
        closeQuietly(connection);
    }

    /** Commits the writers saw succeed, by order id, with the nanoTime the commit returned. */
    Map<Long, Long> acknowledgedCommits() {
        return Map.copyOf(committedAtNanos);
    }

    long failedTransactions() {
        return failedTransactions.get();
    }

    long couponId() {
        return couponId;
    }

    /** Stops writing and waits for the writers to finish their current transaction. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread writer : writers) {
            writer.join(30_000);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOGGER.debug("closing a broken connection: {}", e.getMessage());
        }
    }
}
