package com.menuca.promo.bench.compare;

import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.infra.Directories;
import com.menuca.promo.bench.BenchResults;
import com.menuca.promo.bench.PostgresSettings;
import com.menuca.promo.bench.ResultFile;
import com.menuca.promo.bench.baseline.NotifyRelay;
import com.menuca.promo.bench.baseline.NotifyTriggers;
import com.menuca.promo.bench.client.Arrivals;
import com.menuca.promo.bench.client.RealtimeSubscriber;
import com.menuca.promo.bench.client.RelayClient;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.gateway.Gateway;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.service.ProcessorService;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.admin.TopicApplier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code promo bench notify}: the platform's first design and ours on one fresh embedded stack (same
 * machine, same data, same run), in three designs:
 *
 * <ul>
 *   <li>{@code no_capture}: the writers alone;</li>
 *   <li>{@code pg_notify}: the original design's triggers ({@link NotifyTriggers}: the business events
 *       computed in the writer's transaction and notified on eight targeted channels), a relay that
 *       {@code LISTEN}s on the channels of restaurant 1 and pushes each notification to its WebSocket
 *       clients, and a client of {@code restaurant_1_coupon_redeemed};</li>
 *   <li>{@code cdc}: our capture (a fresh slot each time), Kafka, the stream processor, the gateway, a
 *       {@code postgres_changes} client of restaurant 1's redemptions and a client of the derived
 *       {@code coupon_redeemed} events on {@code restaurant:1:redemptions}.</li>
 * </ul>
 * Writer throughput of single-row redemption transactions is measured at 1, 8, 32 and 64 writers in
 * phases of 60 s; each repeat (three) runs the designs in a random order and each design's writer counts
 * in a random order (the seed is in the results), every design set up afresh and warmed first; the median
 * of the repeats is the result, lowest and highest beside it. Every phase's rows are awaited at the
 * clients before the next phase starts (for ours also the derived events), so no phase inherits another's
 * backlog. In the first repeat each design with clients also measures commit → client latency at a steady
 * 1,000 changes/s and a 10x burst. With {@code fsync=on} PostgreSQL flushes the WAL at every commit, where
 * NOTIFY's commit-time lock costs what it costs in production.
 */
public final class NotifyComparisonBenchmark {
    /** Phase sizes; the defaults are the issue's, tests use {@link #QUICK}. */
    public record Plan(List<Integer> writerCounts, Duration throughputPhase, int repeats, int steadyRate,
                       Duration steadyPhase, int burstRate, int burstWriters, Duration burstPhase, Duration warmUp,
                       boolean fsync) {
        /** The minimum phase: shorter runs are labelled shortened in their results. */
        public static final Duration FULL_PHASE = Duration.ofSeconds(60);
        public static final Plan DEFAULT = new Plan(List.of(1, 8, 32, 64), FULL_PHASE, 3, 1_000,
                Duration.ofSeconds(12), 10_000, 8, Duration.ofSeconds(3), Duration.ofSeconds(10), false);
        public static final Plan QUICK = new Plan(List.of(1, 8), Duration.ofSeconds(2), 1, 500, Duration.ofSeconds(3),
                5_000, 8, Duration.ofSeconds(1), Duration.ofSeconds(1), false);

        public Plan {
            writerCounts = List.copyOf(writerCounts);
        }

        /** The same plan with throughput phases of {@code phase} (shorter than {@link #FULL_PHASE}: shortened). */
        public Plan withThroughputPhase(Duration phase) {
            return new Plan(writerCounts, phase, repeats, steadyRate, steadyPhase, burstRate, burstWriters, burstPhase,
                    warmUp, fsync);
        }

        /**
         * The same plan at only these writer counts (each 1 to 256), e.g. the 32 writers alone so
         * that full-length phases fit in a shorter run; such a result file is named for its counts.
         */
        public Plan withWriterCounts(List<Integer> counts) {
            if (counts.isEmpty() || counts.stream().anyMatch(c -> c < 1 || c > 256)) {
                throw new IllegalArgumentException("writer counts must be 1 to 256, got " + counts);
            }
            return new Plan(counts, throughputPhase, repeats, steadyRate, steadyPhase, burstRate, burstWriters, burstPhase,
                    warmUp, fsync);
        }

        public Plan withFsync(boolean on) {
            return new Plan(writerCounts, throughputPhase, repeats, steadyRate, steadyPhase, burstRate, burstWriters,
                    burstPhase, warmUp, on);
        }

        boolean shortened() {
            return throughputPhase.compareTo(FULL_PHASE) < 0 || repeats < 3;
        }

        /**
         * {@code notify}, {@code notify-fsync-on}, with {@code -writers-32} (or {@code -writers-1-8}) when not
         * every default writer count ran, and {@code -shortened} when the phases are.
         */
        public String resultName() {
            String counts = writerCounts.equals(DEFAULT.writerCounts()) ? ""
                    : "-writers-" + writerCounts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("-"));
            return "notify" + (fsync ? "-fsync-on" : "") + counts + (shortened() ? "-shortened" : "");
        }

        Map<String, Object> describe() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("writer_counts", writerCounts);
            options.put("throughput_phase_s", throughputPhase.toSeconds());
            options.put("repeats", repeats);
            options.put("steady_rate_per_s", steadyRate);
            options.put("steady_phase_s", steadyPhase.toSeconds());
            options.put("burst_rate_per_s", burstRate);
            options.put("burst_writers", burstWriters);
            options.put("burst_phase_s", burstPhase.toSeconds());
            options.put("warm_up_s", warmUp.toSeconds());
            options.put("fsync", fsync);
            options.put("shortened", shortened());
            return options;
        }
    }

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    /** The processor may trail the writers by minutes after 64 writers; the next phase waits for it. */
    private static final Duration DERIVED_TIMEOUT = Duration.ofMinutes(15);
    /** The restaurant of every redemption (WriterLoad writes restaurant_id 1) and of the clients. */
    private static final int BENCH_RESTAURANT = 1;
    private static final int COUPONS = 2_000;
    /** Some coupons fill up during a run, so coupon_limit_reached is computed and notified as it would be. */
    private static final int USAGE_LIMIT = 500;
    private static final List<String> DESIGNS = List.of("no_capture", "pg_notify", "cdc");

    private final Plan plan;
    private final PrintStream out;
    private final AtomicLong nextOrderId = new AtomicLong(5_000_000_000L);
    private final long seed = new Random().nextLong();
    private final Random random = new Random(seed);

    public NotifyComparisonBenchmark(Plan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /** Runs everything on a fresh stack in a temporary directory; writes {@code <resultsDir>/<plan.resultName()>.json}. */
    public Map<String, Object> run(Path resultsDir) throws Exception {
        ResultFile resultFile = ResultFile.begin(plan.resultName(), plan.describe());
        Path home = Files.createTempDirectory("promo-bench-notify");
        Map<String, Object> results = new LinkedHashMap<>();
        if (plan.shortened()) {
            results.put("shortened", "throughput phases of " + plan.throughputPhase().toSeconds() + " s and " + plan.repeats()
                    + " repeat(s), where the issue asks for at least " + Plan.FULL_PHASE.toSeconds() + " s and 3");
        }
        results.put("shuffle_seed", seed);
        out.printf(Locale.ROOT, "pg_notify vs CDC: embedded PostgreSQL 17 (fsync=%s) + in-process Kafka + processor + gateway, "
                        + "one JVM, %d cores. %d repeat(s), designs and writer counts %s in random order (seed %d); warm-up %d s "
                        + "at 8 writers per design (not counted); throughput %d s per writer count; latency %d s at %,d changes/s and "
                        + "a burst of %d s at %,d changes/s from %d writers in the first repeat.%n",
                plan.fsync() ? "on" : "off", Runtime.getRuntime().availableProcessors(), plan.repeats(), plan.writerCounts(),
                seed, plan.warmUp().toSeconds(), plan.throughputPhase().toSeconds(), plan.steadyPhase().toSeconds(),
                plan.steadyRate(), plan.burstPhase().toSeconds(), plan.burstRate(), plan.burstWriters());
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home, 0, 0, PostgresSettings.serverConfig(plan.fsync()))) {
            try (Connection c = runtime.postgres().connect()) {
                PostgresSettings.requireFsync(c, plan.fsync());
                results.put("postgres", PostgresSettings.describe(c));
            }
            TopicApplier.applyCatalogue(runtime.bootstrapServers(), Catalog.bundled());
            List<Long> coupons = createCoupons(runtime);
            WriterLoad writers = new WriterLoad(runtime.postgres(), coupons, nextOrderId);
            Map<String, Map<Integer, List<Map<String, Object>>>> runs = new LinkedHashMap<>();
            DESIGNS.forEach(d -> runs.put(d, new LinkedHashMap<>()));
            List<Object> order = new ArrayList<>();
            for (int repeat = 0; repeat < plan.repeats(); repeat++) {
                List<String> designs = shuffled(DESIGNS);
                for (String design : designs) {
                    List<Integer> counts = shuffled(plan.writerCounts());
                    order.add(Map.of("repeat", repeat + 1, "design", design, "writer_counts", counts));
                    out.printf(Locale.ROOT, "[repeat %d/%d] %s, writers %s%n", repeat + 1, plan.repeats(), design, counts);
                    try (Design setUp = open(design, runtime, home, repeat)) {
                        Map<String, Object> latency = measure(setUp, writers, counts, runs.get(design), repeat == 0);
                        if (!latency.isEmpty()) {
                            results.put(design, latency);
                        }
                    }
                }
            }
            results.put("order", order);
            Map<String, Object> throughput = new LinkedHashMap<>();
            runs.forEach((design, byCount) -> throughput.put(design, summarise(byCount)));
            results.put("writer_throughput", throughput);
        } finally {
            Directories.deleteQuietly(home);
        }
        results.put("ratios", ratios(results));
        printTable(results);
        resultFile.writeAndAnnounce(resultsDir, results, out);
        return results;
    }

    private <T> List<T> shuffled(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return copy;
    }

    /** A design set up for a block of phases: its clients (none for no_capture) and what to close after. */
    private record Design(String name, Arrivals changes, Arrivals derived, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    private Design open(String design, EmbeddedRuntime runtime, Path home, int repeat) throws Exception {
        return switch (design) {
            case "no_capture" -> new Design(design, null, null, () -> { });
            case "pg_notify" -> openNotify(runtime);
            case "cdc" -> openCdc(runtime, home, repeat);
            default -> throw new IllegalArgumentException(design);
        };
    }

    private Design openNotify(EmbeddedRuntime runtime) throws Exception {
        try (Connection c = runtime.postgres().connect()) {
            NotifyTriggers.install(c);
        }
        NotifyRelay relay = new NotifyRelay(runtime.postgres().connect(),
                NotifyTriggers.channels(BENCH_RESTAURANT, 1));
        RelayClient client = new RelayClient(relay.port(), NotifyTriggers.redemptionChannel(BENCH_RESTAURANT));
        awaitClient(relay);
        return new Design("pg_notify", client.arrivals(), null, () -> {
            client.close();
            relay.close();
            try (Connection c = runtime.postgres().connect()) {
                NotifyTriggers.remove(c);
            }
        });
    }

    private static void awaitClient(NotifyRelay relay) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (relay.connectedClients() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * Capture (a slot and offsets of its own, created now: the rows of the other designs' phases are not
     * captured), processor, gateway and both clients; closing stops them and drops the slot.
     */
    private Design openCdc(EmbeddedRuntime runtime, Path home, int repeat) throws Exception {
        EmbeddedPostgresServer pg = runtime.postgres();
        String slot = "promo_bench_notify_" + repeat;
        CaptureConfig captureConfig = CaptureConfig.load(ConfigSource.of(CaptureConfig.endpoints(pg.host(), pg.port(),
                EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD,
                runtime.bootstrapServers())).withOverrides(Map.of(CaptureConfig.SNAPSHOT_MODE.key(), "no_data",
                CaptureConfig.SLOT_NAME.key(), slot, CaptureConfig.OFFSETS_TOPIC.key(), "promo-bench-notify-offsets-" + repeat)));
        // configured as promo dev configures it (dev secret): the stack is the harness's, on loopback
        GatewayConfig gatewayConfig = GatewayConfig.loadForDev(ConfigSource.of(Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS.key(), runtime.bootstrapServers(), GatewayConfig.PORT.key(), "0",
                GatewayConfig.OPS_PORT.key(), "0")));
        ProcessorConfig processorConfig = ProcessorConfig.load(ConfigSource.of(Map.of(
                KafkaSettings.BOOTSTRAP_SERVERS.key(), runtime.bootstrapServers(),
                ProcessorConfig.STATE_DIR.key(), home.resolve("processor").toString(),
                ProcessorConfig.QUERY_TOKEN.key(), com.menuca.promo.common.config.RandomSecret.generate())));
        List<AutoCloseable> opened = new ArrayList<>();
        AutoCloseable closeAll = () -> {
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).close();
            }
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
            }
        };
        try {
            CaptureService capture = new CaptureService(captureConfig, new SimpleMeterRegistry());
            opened.add(capture);
            capture.start();
            capture.awaitStreaming(Duration.ofMinutes(2));
            // No snapshot: put the coupons on their topic, the processor joins redemptions with them.
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE menuca_v3.promotional_coupons SET updated_at = now() WHERE restaurant_id = " + BENCH_RESTAURANT);
            }
            ProcessorService processor = new ProcessorService(processorConfig, new SimpleMeterRegistry());
            opened.add(processor);
            // One instance: interactive-query routing never leaves it, so its advertised port is only a label.
            processor.start(processorConfig.applicationServer(FreePort.find()));
            processor.awaitRunning(Duration.ofMinutes(2));
            Gateway gateway = Gateway.start(gatewayConfig, new Readiness(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            opened.add(gateway);
            String token = DevTokens.mint(gatewayConfig.keys().hmacSecret(), "service_role", List.of(), null, Duration.ofHours(2));
            List<Integer> port = List.of(gateway.port());
            RealtimeSubscriber changes = RealtimeSubscriber.usageChanges(port, token, "restaurant_id=eq." + BENCH_RESTAURANT, "INSERT");
            opened.add(changes);
            RealtimeSubscriber derived = RealtimeSubscriber.broadcast(port, token,
                    "restaurant:" + BENCH_RESTAURANT + ":redemptions", "coupon_redeemed");
            opened.add(derived);
            return new Design("cdc", changes.inserts(), derived.inserts(), closeAll);
        } catch (Exception | Error e) {
            closeAll.close();
            throw e;
        }
    }

    /**
     * Warm-up, then a throughput phase per writer count (in the given order) added to {@code runs}; in the
     * first repeat, for a design with clients, the steady latency and the burst, returned.
     */
    private Map<String, Object> measure(Design design, WriterLoad writers, List<Integer> counts,
                                        Map<Integer, List<Map<String, Object>>> runs, boolean latencyToo) throws Exception {
        WriterLoad.Result warm = writers.run(8, 0, plan.warmUp());
        awaitDelivered(design, warm);
        for (int count : counts) {
            WriterLoad.Result run = writers.run(count, 0, plan.throughputPhase());
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("rows_per_s", Math.round(run.rowsPerSecond()));
            cell.put("rows", run.rows());
            if (design.changes() != null) {
                cell.put("all_delivered_to_client", awaitDelivered(design, run));
            }
            runs.computeIfAbsent(count, c -> new ArrayList<>()).add(cell);
            out.printf(Locale.ROOT, "    %2d writers: %,8d rows/s%n", count, Math.round(run.rowsPerSecond()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (!latencyToo || design.changes() == null) {
            return result;
        }
        Arrivals arrivals = design.changes();
        WriterLoad.Result steady = writers.run(1, plan.steadyRate(), plan.steadyPhase());
        arrivals.awaitRange(steady.firstOrderId(), steady.endOrderId(), DELIVERY_TIMEOUT);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("rate_asked_per_s", plan.steadyRate());
        latency.put("rate_achieved_per_s", Math.round(steady.rowsPerSecond()));
        latency.put("duration_s", plan.steadyPhase().toSeconds());
        latency.put("load_generator_cpu_cores", BenchResults.round(steady.writerCpuCores()));
        latency.put("commit_to_client", LatencyReport.of(steady, arrivals));
        if (design.derived() != null) {
            design.derived().awaitRange(steady.firstOrderId(), steady.endOrderId(), DERIVED_TIMEOUT);
            latency.put("commit_to_derived_event_client", LatencyReport.of(steady, design.derived()));
        }
        result.put("steady_latency", latency);
        out.printf(Locale.ROOT, "    steady %,d/s: %s%n", plan.steadyRate(), brief(latency));
        if (design.derived() != null) {
            out.printf(Locale.ROOT, "    steady %,d/s, commit -> coupon_redeemed client: %s%n", plan.steadyRate(),
                    brief(Map.of("commit_to_client", latency.get("commit_to_derived_event_client"))));
        }

        WriterLoad.Result burst = writers.run(plan.burstWriters(), plan.burstRate(), plan.burstPhase());
        awaitDelivered(design, burst);
        Map<String, Object> burstResult = new LinkedHashMap<>();
        burstResult.put("rate_asked_per_s", plan.burstRate());
        burstResult.put("rate_achieved_per_s", Math.round(burst.rowsPerSecond()));
        burstResult.put("duration_s", plan.burstPhase().toSeconds());
        burstResult.put("writers", plan.burstWriters());
        burstResult.put("load_generator_cpu_cores", BenchResults.round(burst.writerCpuCores()));
        burstResult.put("commit_to_client", LatencyReport.of(burst, arrivals));
        result.put("burst", burstResult);
        out.printf(Locale.ROOT, "    burst %,d/s asked, %,d/s achieved: %s%n", plan.burstRate(), Math.round(burst.rowsPerSecond()),
                brief(burstResult));
        result.put("duplicates_seen_by_client", arrivals.duplicates());
        return result;
    }

    /** Every row of {@code run} at the design's clients (changes, then derived events), or false on timeout. */
    private static boolean awaitDelivered(Design design, WriterLoad.Result run) throws InterruptedException {
        if (design.changes() == null) {
            return true;
        }
        boolean all = design.changes().awaitRange(run.firstOrderId(), run.endOrderId(), DELIVERY_TIMEOUT);
        if (design.derived() != null) {
            all &= design.derived().awaitRange(run.firstOrderId(), run.endOrderId(), DERIVED_TIMEOUT);
        }
        return all;
    }

    /** Per writer count: the median of the repeats as {@code rows_per_s}, lowest, highest, spread and every run. */
    private static Map<String, Object> summarise(Map<Integer, List<Map<String, Object>>> byCount) {
        Map<String, Object> summary = new LinkedHashMap<>();
        new java.util.TreeMap<>(byCount).forEach((count, cells) -> {
            List<Long> rates = cells.stream().map(c -> (Long) c.get("rows_per_s")).sorted().toList();
            long median = rates.get(rates.size() / 2);
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("rows_per_s", median);
            cell.put("rows_per_s_lowest", rates.get(0));
            cell.put("rows_per_s_highest", rates.get(rates.size() - 1));
            cell.put("spread_percent_of_median", BenchResults.round(100.0 * (rates.get(rates.size() - 1) - rates.get(0)) / median));
            if (cells.stream().anyMatch(c -> c.containsKey("all_delivered_to_client"))) {
                cell.put("all_delivered_to_client", cells.stream().allMatch(c -> Boolean.TRUE.equals(c.get("all_delivered_to_client"))));
            }
            cell.put("runs", cells);
            summary.put(String.valueOf(count), cell);
        });
        return summary;
    }

    @SuppressWarnings("unchecked")
    private static String brief(Map<String, Object> phase) {
        Map<String, Object> l = (Map<String, Object>) phase.get("commit_to_client");
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms, %,d samples, %d missing", l.get("p50_ms"),
                l.get("p99_ms"), l.get("max_ms"), l.get("samples"), l.get("missing"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> ratios(Map<String, Object> results) {
        Map<String, Object> ratios = new LinkedHashMap<>();
        Map<String, Object> throughput = (Map<String, Object>) results.get("writer_throughput");
        Map<String, Object> none = (Map<String, Object>) throughput.get("no_capture");
        Map<String, Object> notify = (Map<String, Object>) throughput.get("pg_notify");
        Map<String, Object> cdc = (Map<String, Object>) throughput.get("cdc");
        for (int count : plan.writerCounts()) {
            String key = String.valueOf(count);
            double base = rows(none, key);
            ratios.put("writers_" + count + "_cdc_vs_no_capture", BenchResults.round(rows(cdc, key) / base));
            ratios.put("writers_" + count + "_pg_notify_vs_no_capture", BenchResults.round(rows(notify, key) / base));
            ratios.put("writers_" + count + "_cdc_vs_pg_notify", BenchResults.round(rows(cdc, key) / rows(notify, key)));
        }
        for (String phase : List.of("steady_latency", "burst")) {
            Map<String, Object> n = latency(results, "pg_notify", phase);
            Map<String, Object> c = latency(results, "cdc", phase);
            ratios.put(phase + "_p50_cdc_over_pg_notify", BenchResults.round((double) c.get("p50_ms") / Math.max(0.001, (double) n.get("p50_ms"))));
            ratios.put(phase + "_p99_cdc_over_pg_notify", BenchResults.round((double) c.get("p99_ms") / Math.max(0.001, (double) n.get("p99_ms"))));
        }
        return ratios;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> latency(Map<String, Object> results, String config, String phase) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) results.get(config)).get(phase))
                .get("commit_to_client");
    }

    @SuppressWarnings("unchecked")
    private static double rows(Map<String, Object> byWriters, String key) {
        return ((Number) ((Map<String, Object>) byWriters.get(key)).get("rows_per_s")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private void printTable(Map<String, Object> results) {
        Map<String, Object> ratios = (Map<String, Object>) results.get("ratios");
        Map<String, Object> throughput = (Map<String, Object>) results.get("writer_throughput");
        Map<String, Object> none = (Map<String, Object>) throughput.get("no_capture");
        Map<String, Object> notify = (Map<String, Object>) throughput.get("pg_notify");
        Map<String, Object> cdc = (Map<String, Object>) throughput.get("cdc");
        out.println();
        out.println("| writers | no capture rows/s | triggers+NOTIFY rows/s | our CDC rows/s | CDC / NOTIFY |");
        out.println("|---|---|---|---|---|");
        for (int count : plan.writerCounts()) {
            String key = String.valueOf(count);
            out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f (%.2fx) | %,.0f (%.2fx) | %.2f |%n", count, rows(none, key),
                    rows(notify, key), ratios.get("writers_" + count + "_pg_notify_vs_no_capture"), rows(cdc, key),
                    ratios.get("writers_" + count + "_cdc_vs_no_capture"), ratios.get("writers_" + count + "_cdc_vs_pg_notify"));
        }
        out.println();
        out.println("| commit -> client | triggers+NOTIFY p50 / p99 | our CDC p50 / p99 | CDC / NOTIFY p50, p99 |");
        out.println("|---|---|---|---|");
        for (String phase : List.of("steady_latency", "burst")) {
            Map<String, Object> n = latency(results, "pg_notify", phase);
            Map<String, Object> c = latency(results, "cdc", phase);
            out.printf(Locale.ROOT, "| %s | %.1f / %.1f ms | %.1f / %.1f ms | %.2f, %.2f |%n",
                    phase.equals("burst") ? "10x burst" : plan.steadyRate() + "/s steady", n.get("p50_ms"), n.get("p99_ms"),
                    c.get("p50_ms"), c.get("p99_ms"), ratios.get(phase + "_p50_cdc_over_pg_notify"),
                    ratios.get(phase + "_p99_cdc_over_pg_notify"));
        }
    }

    /** The coupons the redemptions spread over, all of restaurant 1, each with a usage limit. */
    private static List<Long> createCoupons(EmbeddedRuntime runtime) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = runtime.postgres().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value, usage_limit)
                SELECT %d, 'BENCH-NOTIFY-' || g, 'amount', 1.50, %d FROM generate_series(1, %d) g
                RETURNING id""".formatted(BENCH_RESTAURANT, USAGE_LIMIT, COUPONS))) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

}
