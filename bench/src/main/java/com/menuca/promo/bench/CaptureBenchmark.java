package com.menuca.promo.bench;

import com.menuca.promo.infra.Directories;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.schemas.cdc.CdcTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code promo bench capture}: how fast committed rows reach Kafka through the capture, on a fresh
 * embedded stack in this JVM.
 *
 * <ol>
 *   <li>one transaction of 100,000 rows: rows/s from its commit to the last row visible in Kafka, five times
 *       one after the other (the median is the result: on a shared two-core machine one transaction alone
 *       varied from 39,000 to 56,000 rows/s between runs of the same build);</li>
 *   <li>10,000 single-row transactions from 8 writer threads: rows/s from first write to last arrival;</li>
 *   <li>a steady 1,000 rows/s: commit-to-Kafka latency of every row (commit returned to the writer ->
 *       record visible to a consumer), p50/p99;</li>
 *   <li>single-row transactions on all five tables (inserts, updates, deletes; {@link SmallTransactions}),
 *       committed inside PostgreSQL as fast as it commits them by 1, 2 and 4 sessions for 30 s each with the
 *       capture running: committed and captured per second, and the backlog the capture was left with;</li>
 *   <li>the same transactions as a backlog of 300,000 committed while the capture is stopped, worked off by
 *       a fresh capture: its pace with no writer competing for the cores.</li>
 * </ol>
 * {@code fsync=on} ({@link Plan#withFsync}) runs all of it on a PostgreSQL that flushes the WAL at every
 * commit, as production does; the embedded server's default is {@code fsync=off}.
 * A warm-up pass of the same three scenarios at full size runs first and is not counted, then more
 * bulk transactions, also not counted, until the JIT compiler is nearly idle during one: the measured
 * figures are the steady state a long-running capture lives in. After the one-pass warm-up alone, C2
 * still used a fifth of a core and twelve transactions in a row rose from 50,000 to 62,000 rows/s.
 */
public final class CaptureBenchmark {
    /** Sizes of one run; the defaults are the issue's, tests may use smaller ones. */
    public record Plan(int bulkRows, int bulkTransactions, int concurrentRows, int writers, int steadyRate,
                       Duration steadyDuration, List<Integer> smallTransactionSessions, Duration smallTransactionPhase,
                       long smallTransactionBacklog, boolean fsync) {
        public static final Plan DEFAULT = new Plan(100_000, 5, 10_000, 8, 1_000, Duration.ofSeconds(20),
                List.of(1, 2, 4), Duration.ofSeconds(30), 300_000, false);

        public Plan {
            smallTransactionSessions = List.copyOf(smallTransactionSessions);
        }

        /** The same scenarios: run first, not counted, so the JIT has compiled the hot paths. */
        Plan warmUp() {
            return this;
        }

        /** The same plan on a PostgreSQL that flushes its WAL at every commit ({@code fsync=on}) or not. */
        public Plan withFsync(boolean on) {
            return new Plan(bulkRows, bulkTransactions, concurrentRows, writers, steadyRate, steadyDuration,
                    smallTransactionSessions, smallTransactionPhase, smallTransactionBacklog, on);
        }

        /** The result file's name: {@code capture}, or {@code capture-fsync-on}. */
        public String resultName() {
            return fsync ? "capture-fsync-on" : "capture";
        }

        Map<String, Object> describe() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("bulk_rows", bulkRows);
            options.put("bulk_transactions", bulkTransactions);
            options.put("concurrent_rows", concurrentRows);
            options.put("writers", writers);
            options.put("steady_rate_rows_per_s", steadyRate);
            options.put("steady_s", steadyDuration.toSeconds());
            options.put("small_transaction_sessions", smallTransactionSessions);
            options.put("small_transaction_phase_s", smallTransactionPhase.toSeconds());
            options.put("small_transaction_backlog", smallTransactionBacklog);
            options.put("fsync", fsync);
            return options;
        }
    }

    /** How long the capture is watched at rest, after the measured scenarios. */
    private static final Duration IDLE = Duration.ofSeconds(10);
    /** The JIT counts as settled when its compiler threads use less than this during a bulk transaction. */
    private static final double SETTLED_JIT_CORES = 0.05;
    /** Settling gives up after this many extra transactions, and the results say so. */
    private static final int MAX_SETTLING_TRANSACTIONS = 15;

    private final Plan plan;
    private final PrintStream out;
    private final AtomicLong nextOrderId = new AtomicLong(1_000_000_000L);
    private CpuMeter cpu;

    public CaptureBenchmark(Plan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /**
     * Runs every scenario on a fresh stack in a temporary directory and writes
     * {@code <resultsDir>/capture.json} ({@code capture-fsync-on.json} with {@code fsync=on}).
     */
    public Map<String, Object> run(Path resultsDir) throws Exception {
        ResultFile resultFile = ResultFile.begin(plan.resultName(), plan.describe());
        Path home = Files.createTempDirectory("promo-bench-capture");
        Map<String, Object> results = new LinkedHashMap<>();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home, 0, 0, PostgresSettings.serverConfig(plan.fsync()))) {
            cpu = new CpuMeter(home.resolve("postgres"));
            CaptureConfig config = CaptureConfig.load(ConfigSource.fromEnvironment(java.util.Optional.empty())
                    .withOverrides(CaptureConfig.endpoints(runtime.postgres().host(), runtime.postgres().port(),
                            EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER,
                            EmbeddedPostgresServer.PASSWORD, runtime.kafka().bootstrapServers())));
            results.put("capture_settings", Map.of("poll_interval_ms", config.pollInterval().toMillis(),
                    "max_batch_size", config.maxBatchSize(), "max_queue_size", config.maxQueueSize()));
            long couponId;
            try (Connection c = runtime.postgres().connect()) {
                PostgresSettings.requireFsync(c, plan.fsync());
                results.put("postgres", PostgresSettings.describe(c));
                couponId = createCoupon(c);
            }
            int maxSessions = plan.smallTransactionSessions().stream().mapToInt(Integer::intValue).max().orElse(1);
            SmallTransactions small = SmallTransactions.prepare(runtime.postgres(), maxSessions);
            try (CaptureService capture = new CaptureService(config, new SimpleMeterRegistry())) {
                capture.start();
                capture.awaitStreaming(Duration.ofMinutes(2));
                try (ArrivalClock arrivals = new ArrivalClock(runtime.kafka().bootstrapServers(),
                        CdcTable.COUPON_USAGE_LOG.topic().name())) {
                    Plan warmUp = plan.warmUp();
                    out.printf("warm-up (not counted): %,d-row transaction, %,d single-row transactions, %d s at %,d rows/s%n",
                            warmUp.bulkRows(), warmUp.concurrentRows(), warmUp.steadyDuration().toSeconds(), warmUp.steadyRate());
                    bulk(runtime, couponId, arrivals, warmUp.bulkRows());
                    concurrent(runtime, couponId, arrivals, warmUp);
                    steady(runtime, couponId, arrivals, warmUp);
                    Map<String, Object> warmUpResults = new LinkedHashMap<>();
                    warmUpResults.put("bulk_rows", warmUp.bulkRows());
                    warmUpResults.put("single_row_transactions", warmUp.concurrentRows());
                    warmUpResults.put("steady_s", warmUp.steadyDuration().toSeconds());
                    warmUpResults.put("jit_settling", settleJit(runtime, couponId, arrivals));
                    results.put("warm_up", warmUpResults);

                    out.println("measuring...");
                    results.put("bulk_transaction", bulkTransactions(runtime, couponId, arrivals));
                    results.put("concurrent_single_row_transactions", concurrent(runtime, couponId, arrivals, plan));
                    results.put("steady_rate_latency", steady(runtime, couponId, arrivals, plan));
                    results.put("idle", idle());
                    results.put("duplicates_seen", arrivals.duplicates());
                }
                results.put("single_row_transactions", smallTransactionsWithWriters(runtime, small));
            }
            results.put("single_row_transaction_backlog", smallTransactionBacklog(runtime, config, small));
        } finally {
            Directories.deleteQuietly(home);
        }
        printTable(results);
        resultFile.writeAndAnnounce(resultsDir, results, out);
        return results;
    }

    /**
     * Bulk transactions until the JIT compiler's threads were nearly idle during one: each one's rate
     * and compiler share, and whether it settled within {@link #MAX_SETTLING_TRANSACTIONS}.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> settleJit(EmbeddedRuntime runtime, long couponId, ArrivalClock arrivals) throws Exception {
        List<Map<String, Object>> transactions = new ArrayList<>();
        boolean settled = false;
        while (!settled && transactions.size() < MAX_SETTLING_TRANSACTIONS) {
            Map<String, Object> run = bulk(runtime, couponId, arrivals, plan.bulkRows());
            double jit = (Double) ((Map<String, Object>) run.get("cpu_commit_to_last_row")).get("jit_compiler_cores");
            settled = jit < SETTLED_JIT_CORES;
            out.printf("  settling the JIT (not counted): %,d rows/s, compiler %.2f cores%n", run.get("rows_per_s"), jit);
            transactions.add(Map.of("rows_per_s", run.get("rows_per_s"), "jit_compiler_cores", jit));
        }
        if (!settled) {
            out.printf("  the JIT compiler was still busy after %d transactions: the figures below include its work%n",
                    MAX_SETTLING_TRANSACTIONS);
        }
        return Map.of("settled", settled, "below_compiler_cores", SETTLED_JIT_CORES, "transactions", transactions);
    }

    /** The bulk scenario repeated: each transaction's figures, and the median, lowest and highest rate. */
    private Map<String, Object> bulkTransactions(EmbeddedRuntime runtime, long couponId, ArrivalClock arrivals)
            throws Exception {
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Long> rates = new ArrayList<>();
        for (int i = 0; i < plan.bulkTransactions(); i++) {
            Map<String, Object> run = bulk(runtime, couponId, arrivals, plan.bulkRows());
            out.printf("  bulk transaction %d of %d: %,d rows/s%n", i + 1, plan.bulkTransactions(), run.get("rows_per_s"));
            runs.add(run);
            rates.add((Long) run.get("rows_per_s"));
        }
        List<Long> sorted = rates.stream().sorted().toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", plan.bulkRows());
        result.put("transactions", plan.bulkTransactions());
        result.put("rows_per_s", sorted.get(sorted.size() / 2));
        result.put("rows_per_s_lowest", sorted.get(0));
        result.put("rows_per_s_highest", sorted.get(sorted.size() - 1));
        result.put("runs", runs);
        return result;
    }

    private Map<String, Object> bulk(EmbeddedRuntime runtime, long couponId, ArrivalClock arrivals, int rows)
            throws Exception {
        long first = nextOrderId.getAndAdd(rows);
        long committed;
        try (Connection c = runtime.postgres().connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                    SELECT ?, 1, g % 1000, ? + g, 1.50, 30.00 FROM generate_series(0, ? - 1) g""")) {
                insert.setLong(1, couponId);
                insert.setLong(2, first);
                insert.setInt(3, rows);
                insert.executeUpdate();
            }
            c.commit();
            committed = System.nanoTime();
        }
        CpuMeter.Sample afterCommit = cpu.sample();
        long[] span = arrivals.awaitArrivals(first, rows, Duration.ofMinutes(5));
        if (span == null) {
            throw new IllegalStateException("bulk transaction: not every row reached Kafka within 5 minutes");
        }
        double seconds = Math.max(1, span[1] - committed) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows);
        result.put("commit_to_first_row_s", BenchResults.round((span[0] - committed) / 1e9));
        result.put("commit_to_last_row_s", BenchResults.round(seconds));
        result.put("rows_per_s", Math.round(rows / seconds));
        result.put("cpu_commit_to_last_row", cpu.between(afterCommit, cpu.sample()));
        return result;
    }

    private Map<String, Object> concurrent(EmbeddedRuntime runtime, long couponId, ArrivalClock arrivals, Plan plan)
            throws Exception {
        int rows = plan.concurrentRows();
        long first = nextOrderId.getAndAdd(rows);
        AtomicLong next = new AtomicLong(first);
        ExecutorService writers = Executors.newFixedThreadPool(plan.writers());
        CpuMeter.Sample before = cpu.sample();
        long started = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < plan.writers(); w++) {
            done.add(writers.submit(() -> {
                try (Connection c = runtime.postgres().connect(); PreparedStatement insert = usageInsert(c)) {
                    long orderId;
                    while ((orderId = next.getAndIncrement()) < first + rows) {
                        bindUsage(insert, couponId, orderId);
                        insert.executeUpdate();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long written = System.nanoTime();
        writers.shutdown();
        long[] span = arrivals.awaitArrivals(first, rows, Duration.ofMinutes(5));
        if (span == null) {
            throw new IllegalStateException("concurrent writers: not every row reached Kafka within 5 minutes");
        }
        long last = span[1];
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows);
        result.put("writers", plan.writers());
        result.put("writer_rows_per_s", Math.round(rows / ((written - started) / 1e9)));
        result.put("first_write_to_last_row_s", BenchResults.round((last - started) / 1e9));
        result.put("rows_per_s", Math.round(rows / ((last - started) / 1e9)));
        result.put("cpu", cpu.between(before, cpu.sample()));
        return result;
    }

    private Map<String, Object> steady(EmbeddedRuntime runtime, long couponId, ArrivalClock arrivals, Plan plan)
            throws Exception {
        int total = (int) (plan.steadyRate() * plan.steadyDuration().toSeconds());
        long first = nextOrderId.getAndAdd(total);
        Map<Long, Long> committedAt = new ConcurrentHashMap<>();
        long intervalNanos = 1_000_000_000L / plan.steadyRate();
        long behindMax = 0;
        CpuMeter.Sample before = cpu.sample();
        try (Connection c = runtime.postgres().connect(); PreparedStatement insert = usageInsert(c)) {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * intervalNanos;
                long now = SteadyRate.awaitDue(due);
                behindMax = Math.max(behindMax, now - due);
                bindUsage(insert, couponId, first + i);
                insert.executeUpdate();
                committedAt.put(first + i, System.nanoTime());
            }
        }
        if (arrivals.awaitArrivals(first, total, Duration.ofMinutes(2)) == null) {
            throw new IllegalStateException("steady rate: not every row reached Kafka within 2 minutes");
        }
        Histogram micros = new Histogram(60_000_000L, 3);
        for (long id = first; id < first + total; id++) {
            micros.recordValue(Math.max(0, (arrivals.arrivedAt(id) - committedAt.get(id)) / 1_000));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate_rows_per_s", plan.steadyRate());
        result.put("duration_s", plan.steadyDuration().toSeconds());
        result.put("writer_max_behind_schedule_ms", BenchResults.round(behindMax / 1e6));
        result.put("commit_to_kafka", BenchResults.latencyMillis(micros));
        result.put("cpu", cpu.between(before, cpu.sample()));
        return result;
    }

    /**
     * The capture's CPU while nothing is written: what it costs to wait for changes. The engine's
     * poller waits up to {@code capture.poll.interval} for each batch, so its cost at rest depends on
     * that setting (see docs/capture.md).
     */
    private Map<String, Object> idle() throws InterruptedException {
        CpuMeter.Sample before = cpu.sample();
        Thread.sleep(IDLE.toMillis());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("duration_s", IDLE.toSeconds());
        result.put("cpu", cpu.between(before, cpu.sample()));
        return result;
    }

    /**
     * Single-row transactions on all five tables, committed by {@link SmallTransactions} as fast as
     * PostgreSQL commits them, with the capture running, per session count: transactions committed and
     * change events captured per second while writing, the backlog left when writing stopped, and how long
     * it took to drain. A backlog that grows means the capture, not the writers, set the pace. One
     * phase of the largest session count first warms the capture's per-transaction path (not counted).
     */
    private Map<String, Object> smallTransactionsWithWriters(EmbeddedRuntime runtime, SmallTransactions small)
            throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mix", "per 20 transactions: coupon_usage_log 10 inserts and 1 delete, promotional_coupons 2 updates, "
                + "promotional_deals 2 updates, restaurant_tag_associations 1 insert and 1 delete, marketing_tags 1 insert, "
                + "1 update and 1 delete; one row per transaction, committed by a procedure inside PostgreSQL");
        out.printf("single-row transactions: warm-up %d s with %d sessions (not counted)%n",
                plan.smallTransactionPhase().toSeconds(), small.sessions());
        smallTransactionPhase(runtime, small, small.sessions());
        List<Map<String, Object>> phases = new ArrayList<>();
        for (int sessions : plan.smallTransactionSessions()) {
            Map<String, Object> phase = smallTransactionPhase(runtime, small, sessions);
            out.printf("  %d sessions: %,d transactions/s committed, %,d changes/s captured while writing, backlog %,d%n",
                    sessions, phase.get("committed_per_s"), phase.get("captured_per_s_while_writing"),
                    phase.get("backlog_when_writing_stopped"));
            phases.add(phase);
        }
        result.put("phases", phases);
        result.put("captured_per_s_while_writing_highest", phases.stream()
                .mapToLong(p -> (Long) p.get("captured_per_s_while_writing")).max().orElse(0));
        return result;
    }

    private Map<String, Object> smallTransactionPhase(EmbeddedRuntime runtime, SmallTransactions small, int sessions)
            throws Exception {
        try (ChangeCounter counter = new ChangeCounter(runtime.kafka().bootstrapServers())) {
            CpuMeter.Sample before = cpu.sample();
            long started = System.nanoTime();
            long committed = small.run(sessions, Long.MAX_VALUE, started + plan.smallTransactionPhase().toNanos());
            long stopped = System.nanoTime();
            long capturedWhileWriting = counter.changes();
            CpuMeter.Sample atStop = cpu.sample();
            if (!counter.await(committed, Duration.ofMinutes(10))) {
                throw new IllegalStateException("single-row transactions: " + counter.changes() + " of " + committed
                        + " changes reached Kafka within 10 minutes of the last commit");
            }
            double writing = (stopped - started) / 1e9;
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("sessions", sessions);
            phase.put("writing_s", BenchResults.round(writing));
            phase.put("transactions", committed);
            phase.put("committed_per_s", Math.round(committed / writing));
            phase.put("captured_per_s_while_writing", Math.round(capturedWhileWriting / writing));
            phase.put("backlog_when_writing_stopped", committed - capturedWhileWriting);
            phase.put("drained_s_after_writing", BenchResults.round(Math.max(0, counter.lastNanos() - stopped) / 1e9));
            phase.put("captured_per_s_first_write_to_last_change", Math.round(committed / ((counter.lastNanos() - started) / 1e9)));
            phase.put("cpu_while_writing", cpu.between(before, atStop));
            return phase;
        }
    }

    /**
     * The capture's own pace for single-row transactions, with the writers out of its way: the capture is
     * stopped, the transactions are committed (two sessions), then a fresh capture service (same slot and
     * offsets, as after a restart) works the backlog off; the rate is from its first change to its last.
     */
    private Map<String, Object> smallTransactionBacklog(EmbeddedRuntime runtime, CaptureConfig config,
                                                        SmallTransactions small) throws Exception {
        int sessions = Math.min(2, small.sessions());
        try (ChangeCounter counter = new ChangeCounter(runtime.kafka().bootstrapServers())) {
            long writeStarted = System.nanoTime();
            long committed = small.run(sessions, plan.smallTransactionBacklog() / sessions, Long.MAX_VALUE);
            double writing = (System.nanoTime() - writeStarted) / 1e9;
            out.printf("single-row transaction backlog: %,d transactions committed with the capture stopped; restarting it%n",
                    committed);
            try (CaptureService capture = new CaptureService(config, new SimpleMeterRegistry())) {
                long restarted = System.nanoTime();
                capture.start();
                CpuMeter.Sample before = cpu.sample();
                if (!counter.await(committed, Duration.ofMinutes(15))) {
                    throw new IllegalStateException("backlog: " + counter.changes() + " of " + committed
                            + " changes reached Kafka within 15 minutes");
                }
                CpuMeter.Sample after = cpu.sample();
                double capturing = (counter.lastNanos() - counter.firstNanos()) / 1e9;
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("sessions", sessions);
                result.put("transactions", committed);
                result.put("committed_per_s_capture_stopped", Math.round(committed / writing));
                result.put("restart_to_first_change_s", BenchResults.round((counter.firstNanos() - restarted) / 1e9));
                result.put("first_to_last_change_s", BenchResults.round(capturing));
                result.put("captured_per_s", Math.round(committed / capturing));
                result.put("cpu", cpu.between(before, after));
                out.printf("  captured %,d transactions/s (first change to last)%n", result.get("captured_per_s"));
                return result;
            }
        }
    }

    private static PreparedStatement usageInsert(Connection c) throws SQLException {
        return c.prepareStatement("""
                INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                VALUES (?, 1, ?, ?, 1.50, 30.00)""");
    }

    private static void bindUsage(PreparedStatement insert, long couponId, long orderId) throws SQLException {
        insert.setLong(1, couponId);
        insert.setLong(2, orderId % 1000);
        insert.setLong(3, orderId);
    }

    private static long createCoupon(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value)
                VALUES (1, 'BENCH', 'amount', 1.50) RETURNING id""")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @SuppressWarnings("unchecked")
    private void printTable(Map<String, Object> results) {
        Map<String, Object> bulk = (Map<String, Object>) results.get("bulk_transaction");
        List<Map<String, Object>> bulkRuns = (List<Map<String, Object>>) bulk.get("runs");
        Map<String, Object> medianRun = bulkRuns.stream().filter(run -> run.get("rows_per_s").equals(bulk.get("rows_per_s")))
                .findFirst().orElseThrow();
        Map<String, Object> concurrent = (Map<String, Object>) results.get("concurrent_single_row_transactions");
        Map<String, Object> steady = (Map<String, Object>) results.get("steady_rate_latency");
        Map<String, Object> latency = (Map<String, Object>) steady.get("commit_to_kafka");
        out.println();
        out.println("capture benchmark (embedded PostgreSQL 17 with fsync=" + (plan.fsync() ? "on" : "off")
                + " + in-process Kafka, one JVM, "
                + Runtime.getRuntime().availableProcessors() + " cores)");
        out.println("| scenario | result |");
        out.println("|---|---|");
        out.printf("| %d transactions x %,d rows one after the other, commit -> last row in Kafka | median %,d rows/s (lowest %,d, highest %,d) |%n",
                bulk.get("transactions"), bulk.get("rows"), bulk.get("rows_per_s"), bulk.get("rows_per_s_lowest"),
                bulk.get("rows_per_s_highest"));
        out.printf("| %,d single-row transactions, %d writers | %,d rows/s end to end (writers alone %,d rows/s) |%n",
                concurrent.get("rows"), concurrent.get("writers"), concurrent.get("rows_per_s"), concurrent.get("writer_rows_per_s"));
        out.printf("| steady %,d rows/s for %d s, commit -> Kafka | p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d samples) |%n",
                steady.get("rate_rows_per_s"), steady.get("duration_s"), latency.get("p50_ms"), latency.get("p99_ms"),
                latency.get("max_ms"), latency.get("samples"));
        out.printf("| CPU from commit to last row of the median bulk transaction | %s |%n", medianRun.get("cpu_commit_to_last_row"));
        out.printf("| CPU at %,d rows/s | %s |%n", steady.get("rate_rows_per_s"), steady.get("cpu"));
        out.printf("| CPU with nothing written for %d s | %s |%n", IDLE.toSeconds(), ((Map<String, Object>) results.get("idle")).get("cpu"));
        out.printf("| duplicates seen | %s |%n", results.get("duplicates_seen"));
        Map<String, Object> backlog = (Map<String, Object>) results.get("single_row_transaction_backlog");
        out.printf("| backlog of %,d single-row transactions (all five tables), fresh capture, first -> last change | %,d transactions/s |%n",
                backlog.get("transactions"), backlog.get("captured_per_s"));
    }


}
