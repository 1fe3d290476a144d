package com.menuca.promo.bench;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.infra.Directories;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.service.ProcessorService;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code promo bench derive}: how fast the stream processor turns committed usage rows into derived
 * events, with exactly_once_v2 on, on a fresh embedded stack in this JVM (PostgreSQL, Kafka, capture,
 * processor, writer and reader share the machine).
 *
 * <ol>
 *   <li>a warm-up at the same rate (default 60 s; its latency is reported as the cold-JVM figure, since
 *       the JIT compiler competes for the cores during the first minute), then a wait until the
 *       processor has caught up;</li>
 *   <li>a steady rate of single-row usage transactions (default 1,000/s): latency from
 *       each row's commit (returned to the writer) to its {@code coupon_redeemed} visible to a
 *       read_committed consumer, and from the commit of the row that fills a coupon (usage_limit 20)
 *       to its {@code coupon_limit_reached};</li>
 *   <li>throughput: with the processor stopped, a backlog of rows is written and captured; the
 *       processor is started and the rate at which it derives them is measured (events per second,
 *       and all derived records per second: events, counts and savings).</li>
 * </ol>
 */
public final class DeriveBenchmark {
    /** Sizes of one run; the defaults are the issue's, tests may use smaller ones. */
    public record Plan(int rate, Duration warmup, Duration steady, int usageLimit, int restaurants, int backlogRows) {
        public static final Plan DEFAULT = new Plan(1_000, Duration.ofSeconds(60), Duration.ofSeconds(30), 20, 24, 50_000);
    }

    private static final long FIRST_ORDER = 2_000_000_000L;
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final Plan plan;
    private final PrintStream out;

    public DeriveBenchmark(Plan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /** Runs both scenarios on a fresh stack in a temporary directory and writes {@code <resultsDir>/derive.json}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> run(Path resultsDir) throws Exception {
        ResultFile resultFile = ResultFile.begin("derive", Map.of("rate_rows_per_s", plan.rate(),
                "warm_up_s", plan.warmup().toSeconds(), "steady_s", plan.steady().toSeconds(),
                "usage_limit", plan.usageLimit(), "restaurants", plan.restaurants(), "backlog_rows", plan.backlogRows()));
        Path home = Files.createTempDirectory("promo-bench-derive");
        Map<String, Object> results = new LinkedHashMap<>();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home, 0, 0);
             CaptureService capture = new CaptureService(captureConfig(runtime), new SimpleMeterRegistry())) {
            capture.start();
            capture.awaitStreaming(Duration.ofMinutes(2));
            ProcessorConfig config = ProcessorConfig.load(ConfigSource.fromEnvironment(Optional.empty()).withOverrides(Map.of(
                    KafkaSettings.BOOTSTRAP_SERVERS.key(), runtime.bootstrapServers(),
                    ProcessorConfig.STATE_DIR.key(), home.resolve("processor").toString(),
                    ProcessorConfig.APPLICATION_ID.key(), "bench-derive",
                    ProcessorConfig.QUERY_TOKEN.key(), com.menuca.promo.common.config.RandomSecret.generate())));
            results.put("processor_settings", Map.of("processing_guarantee", "exactly_once_v2",
                    "commit_interval_ms", config.commitInterval().toMillis(), "threads", config.threads()));
            try (Connection c = runtime.postgres().connect()) {
                results.put("postgres", PostgresSettings.describe(c));
            }
            CpuMeter cpu = new CpuMeter(home.resolve("postgres"));
            ProcessorService processor = start(config);
            try (DerivedEventClock clock = new DerivedEventClock(runtime.bootstrapServers());
                 Connection db = runtime.postgres().connect()) {
                int warmupRows = (int) (plan.rate() * plan.warmup().toSeconds());
                int steadyRows = (int) (plan.rate() * plan.steady().toSeconds());
                List<Long> coupons = createCoupons(db, (warmupRows + steadyRows) / plan.usageLimit() + 1, plan.usageLimit());
                out.printf("warm-up: %,d rows at %,d/s (not counted)%n", warmupRows, plan.rate());
                long[] commits = new long[warmupRows + steadyRows];
                write(runtime, coupons, 0, warmupRows, commits);
                // the steady phase starts on a processor that has caught up, so no warm-up backlog is measured
                if (clock.awaitRedeemed(FIRST_ORDER, warmupRows, WAIT) < 0) {
                    throw new IllegalStateException("the warm-up was not derived within " + WAIT.toMinutes() + " minutes");
                }
                results.put("warm_up", Map.of("rows", warmupRows, "rate_rows_per_s", plan.rate(),
                        "commit_to_coupon_redeemed", BenchResults.latencyMillis(redeemedLatency(clock, commits, 0, warmupRows))));
                out.printf("steady: %,d rows at %,d/s%n", steadyRows, plan.rate());
                CpuMeter.Sample before = cpu.sample();
                Map<String, Object> writer = write(runtime, coupons, warmupRows, steadyRows, commits);
                CpuMeter.Sample after = cpu.sample();
                Map<String, Object> threadTime = streamThreadTime(processor);
                results.put("steady_rate_latency", steady(clock, coupons, commits, warmupRows, steadyRows, writer,
                        cpu.between(before, after)));
                ((Map<String, Object>) results.get("steady_rate_latency")).put("stream_thread", threadTime);
                processor.close();
                results.put("throughput", throughput(runtime, config, clock, db));
                results.put("duplicates_seen", clock.duplicates());
            } finally {
                processor.close();
            }
        } finally {
            Directories.deleteQuietly(home);
        }
        printTable(results);
        resultFile.writeAndAnnounce(resultsDir, results, out);
        return results;
    }

    /**
     * Where the stream threads' time went (Kafka Streams' thread metrics: fractions of wall time spent
     * processing, punctuating, polling and committing, and the commit latency).
     */
    private static Map<String, Object> streamThreadTime(ProcessorService processor) {
        Map<String, Object> time = new LinkedHashMap<>();
        for (var entry : processor.streams().metrics().entrySet()) {
            var name = entry.getKey();
            if (name.group().equals("stream-thread-metrics") && List.of("process-ratio", "punctuate-ratio", "poll-ratio",
                    "commit-ratio", "commit-latency-avg", "commit-latency-max", "process-rate", "poll-records-avg")
                    .contains(name.name())) {
                Object value = entry.getValue().metricValue();
                time.put(name.name(), value instanceof Double d ? Math.round(d * 1000) / 1000.0 : value);
            }
        }
        return time;
    }

    private static ProcessorService start(ProcessorConfig config) throws Exception {
        ProcessorService processor = new ProcessorService(config, new SimpleMeterRegistry());
        processor.start("127.0.0.1:" + FreePort.find());
        processor.awaitRunning(WAIT);
        return processor;
    }

    private static CaptureConfig captureConfig(EmbeddedRuntime runtime) {
        return CaptureConfig.load(ConfigSource.fromEnvironment(Optional.empty()).withOverrides(CaptureConfig.endpoints(
                runtime.postgres().host(), runtime.postgres().port(), EmbeddedPostgresServer.DATABASE,
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD, runtime.bootstrapServers())));
    }

    /** One deal per restaurant and {@code count} coupons of {@code limit} uses, spread over the restaurants. */
    private List<Long> createCoupons(Connection db, int count, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = db.createStatement()) {
            s.execute("""
                    INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, starts_at, ends_at, is_active, status)
                    SELECT r, 'Bench deal ' || r, 'percent', 10, now() - interval '1 hour', now() + interval '7 days', true, 'active'
                    FROM generate_series(1, %d) r""".formatted(plan.restaurants()));
            try (ResultSet rs = s.executeQuery("""
                    INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, discount_value, usage_limit)
                    SELECT d.restaurant_id, d.id, 'BENCH-' || g, 'amount', 1.50, %d
                    FROM generate_series(0, %d) g JOIN menuca_v3.promotional_deals d ON d.restaurant_id = 1 + g %% %d
                    ORDER BY g RETURNING id""".formatted(limit, count - 1, plan.restaurants()))) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Rows [first, first + rows) at the plan's rate, one transaction each; row i uses coupon i / usage_limit. */
    private Map<String, Object> write(EmbeddedRuntime runtime, List<Long> coupons, int first, int rows, long[] commits)
            throws Exception {
        long interval = 1_000_000_000L / plan.rate();
        long behindMax = 0;
        try (Connection c = runtime.postgres().connect(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                SELECT id, restaurant_id, ?, ?, 1.50, 30.00 FROM menuca_v3.promotional_coupons WHERE id = ?""")) {
            long start = System.nanoTime();
            for (int i = first; i < first + rows; i++) {
                long due = start + (i - first) * interval;
                long now;
                while ((now = System.nanoTime()) < due) {
                    if (due - now > 200_000) {
                        Thread.sleep(0, 100_000);
                    }
                }
                behindMax = Math.max(behindMax, now - due);
                insert.setLong(1, i % 5_000);
                insert.setLong(2, FIRST_ORDER + i);
                insert.setLong(3, coupons.get(i / plan.usageLimit()));
                insert.executeUpdate();
                commits[i] = System.nanoTime();
            }
        }
        return Map.of("writer_max_behind_schedule_ms", Math.round(behindMax / 1e4) / 100.0);
    }

    private Map<String, Object> steady(DerivedEventClock clock, List<Long> coupons, long[] commits, int first, int rows,
                                       Map<String, Object> writer, Map<String, Object> cpu) throws InterruptedException {
        if (clock.awaitRedeemed(FIRST_ORDER + first, rows, WAIT) < 0) {
            throw new IllegalStateException("not every coupon_redeemed arrived within " + WAIT.toMinutes() + " minutes");
        }
        Histogram redeemed = redeemedLatency(clock, commits, first, rows);
        List<Long> filled = new ArrayList<>();
        Histogram limits = new Histogram(600_000_000L, 3);
        for (int i = first; i < first + rows; i++) {
            // the commit that made the coupon reach its limit: its usage_limit-th row
            if (i % plan.usageLimit() == plan.usageLimit() - 1) {
                filled.add(coupons.get(i / plan.usageLimit()));
            }
        }
        if (!clock.awaitLimits(filled, WAIT)) {
            throw new IllegalStateException("not every coupon_limit_reached arrived within " + WAIT.toMinutes() + " minutes");
        }
        for (int i = first; i < first + rows; i++) {
            if (i % plan.usageLimit() == plan.usageLimit() - 1) {
                limits.recordValue(Math.max(0, (clock.limitReachedAt(coupons.get(i / plan.usageLimit())) - commits[i]) / 1_000));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate_rows_per_s", plan.rate());
        result.put("duration_s", plan.steady().toSeconds());
        result.putAll(writer);
        result.put("commit_to_coupon_redeemed", BenchResults.latencyMillis(redeemed));
        result.put("commit_to_coupon_limit_reached", BenchResults.latencyMillis(limits));
        result.put("cpu", cpu);
        return result;
    }

    /** Commit to {@code coupon_redeemed} of rows [first, first + rows), in microseconds. */
    private static Histogram redeemedLatency(DerivedEventClock clock, long[] commits, int first, int rows) {
        Histogram redeemed = new Histogram(600_000_000L, 3);
        for (int i = first; i < first + rows; i++) {
            redeemed.recordValue(Math.max(0, (clock.redeemedAt(FIRST_ORDER + i) - commits[i]) / 1_000));
        }
        return redeemed;
    }

    /** The processor stopped, a backlog captured, the processor started: how fast it derives the backlog. */
    private Map<String, Object> throughput(EmbeddedRuntime runtime, ProcessorConfig config, DerivedEventClock clock,
                                           Connection db) throws Exception {
        int rows = plan.backlogRows();
        long firstOrder = FIRST_ORDER + 100_000_000L;
        long usageRecordsBefore = usageTopicRecords(runtime);
        try (Statement s = db.createStatement()) {
            s.execute("""
                    INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, discount_value)
                    SELECT restaurant_id, id, 'BACKLOG-' || restaurant_id, 'amount', 1.50 FROM menuca_v3.promotional_deals""");
            s.execute("""
                    INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                    SELECT c.id, c.restaurant_id, g %% 5000, %d + g, 1.50, 30.00
                    FROM generate_series(0, %d) g JOIN menuca_v3.promotional_coupons c
                      ON c.code = 'BACKLOG-' || (1 + g %% %d)""".formatted(firstOrder, rows - 1, plan.restaurants()));
        }
        out.printf("throughput: %,d rows written and captured with the processor stopped%n", rows);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (usageTopicRecords(runtime) < usageRecordsBefore + rows) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the backlog did not reach the change topic in time");
            }
            Thread.sleep(100);
        }
        long recordsBefore = clock.records();
        long started = System.nanoTime();
        ProcessorService processor = start(config);
        try {
            long running = System.nanoTime();
            long last = clock.awaitRedeemed(firstOrder, rows, Duration.ofMinutes(10));
            if (last < 0) {
                throw new IllegalStateException("the backlog was not derived within 10 minutes");
            }
            long firstArrival = Long.MAX_VALUE;
            for (long order = firstOrder; order < firstOrder + rows; order++) {
                firstArrival = Math.min(firstArrival, clock.redeemedAt(order));
            }
            Thread.sleep(2_000);
            long derived = clock.records() - recordsBefore;
            double busy = (last - firstArrival) / 1e9;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rows", rows);
            result.put("start_to_running_s", BenchResults.round((running - started) / 1e9));
            result.put("first_to_last_event_s", BenchResults.round(busy));
            result.put("coupon_redeemed_per_s", Math.round(rows / busy));
            result.put("derived_records", derived);
            result.put("derived_records_per_s", Math.round(derived / busy));
            result.put("start_to_last_event_s", BenchResults.round((last - started) / 1e9));
            return result;
        } finally {
            processor.close();
        }
    }

    private static long usageTopicRecords(EmbeddedRuntime runtime) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runtime.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            String topic = CdcTable.COUPON_USAGE_LOG.topic().name();
            Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    @SuppressWarnings("unchecked")
    private void printTable(Map<String, Object> results) {
        Map<String, Object> steady = (Map<String, Object>) results.get("steady_rate_latency");
        Map<String, Object> redeemed = (Map<String, Object>) steady.get("commit_to_coupon_redeemed");
        Map<String, Object> limits = (Map<String, Object>) steady.get("commit_to_coupon_limit_reached");
        Map<String, Object> throughput = (Map<String, Object>) results.get("throughput");
        out.println();
        out.println("derive benchmark (exactly_once_v2, commit interval "
                + ((Map<String, Object>) results.get("processor_settings")).get("commit_interval_ms")
                + " ms; embedded PostgreSQL 17 with fsync=off + in-process Kafka + capture + processor, one JVM, "
                + Runtime.getRuntime().availableProcessors() + " cores)");
        out.println("| scenario | result |");
        out.println("|---|---|");
        Map<String, Object> warmUp = (Map<String, Object>) results.get("warm_up");
        Map<String, Object> cold = (Map<String, Object>) warmUp.get("commit_to_coupon_redeemed");
        out.printf("| warm-up (cold JVM): first %,d rows at %,d rows/s, commit -> coupon_redeemed | p50 %.1f ms, p99 %.1f ms, max %.1f ms |%n",
                warmUp.get("rows"), warmUp.get("rate_rows_per_s"), cold.get("p50_ms"), cold.get("p99_ms"), cold.get("max_ms"));
        out.printf("| steady %,d rows/s for %d s, commit -> coupon_redeemed | p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d samples) |%n",
                steady.get("rate_rows_per_s"), steady.get("duration_s"), redeemed.get("p50_ms"), redeemed.get("p99_ms"),
                redeemed.get("max_ms"), redeemed.get("samples"));
        out.printf("| same, commit of the limit-filling row -> coupon_limit_reached | p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d samples) |%n",
                limits.get("p50_ms"), limits.get("p99_ms"), limits.get("max_ms"), limits.get("samples"));
        out.printf("| backlog of %,d rows, processor started | %,d coupon_redeemed/s, %,d derived records/s (%.1f s; running after %.1f s) |%n",
                throughput.get("rows"), throughput.get("coupon_redeemed_per_s"), throughput.get("derived_records_per_s"),
                throughput.get("first_to_last_event_s"), throughput.get("start_to_running_s"));
        out.printf("| duplicate events seen | %s |%n", results.get("duplicates_seen"));
    }
}
