package com.menuca.promo.bench;

import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-row transactions on all five captured tables (inserts, updates and deletes), committed by a
 * procedure inside PostgreSQL ({@code single-row-transactions.sql}) so that the writers are not what
 * limits the rate: a JDBC client pays a round trip per commit, and 8 of them saturated at 10,000 to
 * 14,000 commits/s on two cores before the capture did. Every transaction changes exactly one row, so
 * the transactions committed equal the change events the capture must deliver.
 */
final class SmallTransactions {
    /** Transactions per {@code CALL}: a multiple of the procedure's 20-transaction cycle, so each delete finds its row. */
    static final int CHUNK = 1_000;
    private static final String SCRIPT = "single-row-transactions.sql";

    /** What one session changes: its own restaurant, coupon, deal and tag, so sessions never share a lock. */
    record Session(long restaurant, long coupon, long deal, long tag) {
    }

    private final EmbeddedPostgresServer postgres;
    private final List<Session> sessions;
    /** Each session's next transaction number; session i numbers from i * 10^12 (a multiple of the cycle). */
    private final long[] next;
    private final AtomicLong committed = new AtomicLong();

    private SmallTransactions(EmbeddedPostgresServer postgres, List<Session> sessions) {
        this.postgres = postgres;
        this.sessions = sessions;
        this.next = new long[sessions.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = (i + 1) * 1_000_000_000_000L;
        }
    }

    /** Installs the procedure and creates each session's rows (not counted: they are committed before any run). */
    static SmallTransactions prepare(EmbeddedPostgresServer postgres, int sessions) throws SQLException, IOException {
        List<Session> created = new ArrayList<>();
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute(script());
            for (int i = 0; i < sessions; i++) {
                long restaurant = 900_000 + i;
                long deal = insertReturningId(s, """
                        INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent)
                        VALUES (%d, 'Bench small transactions', 'percent', 10) RETURNING id""".formatted(restaurant));
                long coupon = insertReturningId(s, """
                        INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, discount_value)
                        VALUES (%d, %d, 'SMALL-TX', 'amount', 1.50) RETURNING id""".formatted(restaurant, deal));
                long tag = insertReturningId(s, """
                        INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Bench session %d', 'bench-session-%d')
                        RETURNING id""".formatted(i, i));
                created.add(new Session(restaurant, coupon, deal, tag));
            }
        }
        return new SmallTransactions(postgres, created);
    }

    int sessions() {
        return sessions.size();
    }

    /** Transactions committed so far by every run (each one change event). */
    long committed() {
        return committed.get();
    }

    /**
     * Commits {@code perSession} transactions (rounded up to {@link #CHUNK}) in each of the first
     * {@code sessionCount} sessions at once, as fast
     * as PostgreSQL commits them, or until {@code deadline} ({@link System#nanoTime()}) has passed.
     *
     * @return the transactions committed by this run
     */
    long run(int sessionCount, long perSession, long deadlineNanos) throws Exception {
        if (sessionCount < 1 || sessionCount > sessions.size()) {
            throw new IllegalArgumentException("sessions: 1 to " + sessions.size() + ", not " + sessionCount);
        }
        long before = committed.get();
        ExecutorService pool = Executors.newFixedThreadPool(sessionCount);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < sessionCount; i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    runSession(index, perSession, deadlineNanos);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return committed.get() - before;
    }

    private void runSession(int index, long perSession, long deadlineNanos) throws SQLException {
        Session session = sessions.get(index);
        try (Connection c = postgres.connect();
             CallableStatement call = c.prepareCall("CALL promo_bench.single_row_transactions(?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(true);   // the procedure commits; it must not run inside a transaction block
            for (long done = 0; done < perSession && System.nanoTime() < deadlineNanos; done += CHUNK) {
                call.setLong(1, session.restaurant());
                call.setLong(2, next[index]);
                call.setInt(3, CHUNK);
                call.setLong(4, session.coupon());
                call.setLong(5, session.deal());
                call.setLong(6, session.tag());
                call.execute();
                next[index] += CHUNK;
                committed.addAndGet(CHUNK);
            }
        }
    }

    private static long insertReturningId(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String script() throws IOException {
        try (InputStream in = SmallTransactions.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException(SCRIPT + " is missing from the bench module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
