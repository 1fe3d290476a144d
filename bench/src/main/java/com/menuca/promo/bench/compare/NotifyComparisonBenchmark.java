package com.menuca.promo.bench.compare;

import com.menuca.promo.infra.Directories;
import com.menuca.promo.bench.BenchResults;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code promo bench notify}: the pg_notify design and ours, one after the other on one fresh embedded
 * stack (same machine, same data, same run):
 *
 * <ol>
 *   <li>writer throughput with 1, 8 and 32 concurrent writers of single-row transactions: with nothing
 *       listening (no capture), with triggers + NOTIFY and the relay's client connected, and with our
 *       capture, Kafka, the gateway and a postgres_changes client running;</li>
 *   <li>commit → WebSocket client latency at a steady 1,000 changes/s (one writer); for our pipeline also
 *       commit → derived {@code coupon_redeemed} event at a broadcast client (capture, processor, gateway);</li>
 *   <li>a 10x burst (10,000 changes/s asked of 8 writers): rate achieved, latency, time to drain, losses.</li>
 * </ol>
 * Every configuration gets a warm-up of the same writes first, not counted. Ratios are the headline:
 * absolute numbers move with whatever else the shared machine is doing.
 */
public final class NotifyComparisonBenchmark {
    /** Phase sizes; the defaults are the issue's, tests use {@link #QUICK}. */
    public record Plan(List<Integer> writerCounts, Duration throughputPhase, int steadyRate, Duration steadyPhase,
                       int burstRate, int burstWriters, Duration burstPhase, Duration warmUp) {
        public static final Plan DEFAULT = new Plan(List.of(1, 8, 32), Duration.ofSeconds(5), 1_000,
                Duration.ofSeconds(12), 10_000, 8, Duration.ofSeconds(3), Duration.ofSeconds(4));
        public static final Plan QUICK = new Plan(List.of(1, 8), Duration.ofSeconds(2), 500, Duration.ofSeconds(3),
                5_000, 8, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    /** The restaurant of the benchmark's coupon and usage rows (WriterLoad writes restaurant_id 1). */
    private static final int BENCH_RESTAURANT = 1;

    private final Plan plan;
    private final PrintStream out;
    private final AtomicLong nextOrderId = new AtomicLong(5_000_000_000L);

    public NotifyComparisonBenchmark(Plan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /** Runs everything on a fresh stack in a temporary directory; writes {@code <resultsDir>/notify.json}. */
    public Map<String, Object> run(Path resultsDir) throws Exception {
        ResultFile resultFile = ResultFile.begin("notify", Map.of("writer_counts", plan.writerCounts(),
                "throughput_phase_s", plan.throughputPhase().toSeconds(), "steady_rate_per_s", plan.steadyRate(),
                "steady_phase_s", plan.steadyPhase().toSeconds(), "burst_rate_per_s", plan.burstRate(),
                "burst_writers", plan.burstWriters(), "burst_phase_s", plan.burstPhase().toSeconds(),
                "warm_up_s", plan.warmUp().toSeconds()));
        Path home = Files.createTempDirectory("promo-bench-notify");
        Map<String, Object> results = new LinkedHashMap<>();
        out.printf(Locale.ROOT, "pg_notify vs CDC: embedded PostgreSQL 17 (fsync=off) + in-process Kafka + gateway, one JVM, "
                        + "%d cores. Per configuration: warm-up %d s at 8 writers (not counted); throughput %d s per writer count "
                        + "%s; latency %d s at %,d changes/s; burst %d s at %,d changes/s asked of %d writers.%n",
                Runtime.getRuntime().availableProcessors(), plan.warmUp().toSeconds(), plan.throughputPhase().toSeconds(),
                plan.writerCounts(), plan.steadyPhase().toSeconds(), plan.steadyRate(), plan.burstPhase().toSeconds(),
                plan.burstRate(), plan.burstWriters());
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home, 0, 0)) {
            TopicApplier.applyCatalogue(runtime.bootstrapServers(), Catalog.bundled());
            long couponId = createCoupon(runtime);
            WriterLoad writers = new WriterLoad(runtime.postgres(), couponId, nextOrderId);

            out.println("[1/3] no capture: writers alone");
            writers.run(8, 0, plan.warmUp());
            results.put("no_capture", Map.of("writer_throughput", throughput(writers, null)));

            out.println("[2/3] triggers + pg_notify + LISTEN relay + WebSocket client");
            results.put("pg_notify", measureNotify(runtime, writers));

            out.println("[3/3] our CDC: capture + Kafka + gateway + postgres_changes client");
            results.put("cdc", measureCdc(runtime, writers, couponId, home));
        } finally {
            Directories.deleteQuietly(home);
        }
        results.put("ratios", ratios(results));
        printTable(results);
        Path file = resultFile.write(resultsDir, results);
        out.println("results written to " + file);
        return results;
    }

    private Map<String, Object> measureNotify(EmbeddedRuntime runtime, WriterLoad writers) throws Exception {
        try (Connection c = runtime.postgres().connect()) {
            NotifyTriggers.install(c);
        }
        try (NotifyRelay relay = new NotifyRelay(runtime.postgres().connect());
             RelayClient client = new RelayClient(relay.port())) {
            awaitClient(relay);
            return measure(writers, client.arrivals(), null);
        } finally {
            try (Connection c = runtime.postgres().connect()) {
                NotifyTriggers.remove(c);
            }
        }
    }

    private static void awaitClient(NotifyRelay relay) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (relay.connectedClients() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private Map<String, Object> measureCdc(EmbeddedRuntime runtime, WriterLoad writers, long couponId, Path home)
            throws Exception {
        EmbeddedPostgresServer pg = runtime.postgres();
        CaptureConfig captureConfig = CaptureConfig.load(ConfigSource.of(CaptureConfig.endpoints(pg.host(), pg.port(),
                EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD,
                runtime.bootstrapServers())).withOverrides(Map.of(CaptureConfig.SNAPSHOT_MODE.key(), "no_data")));
        // configured as promo dev configures it (dev secret): the stack is the harness's, on loopback
        GatewayConfig gatewayConfig = GatewayConfig.loadForDev(ConfigSource.of(Map.of(
                GatewayConfig.KAFKA_BOOTSTRAP.key(), runtime.bootstrapServers(), GatewayConfig.PORT.key(), "0")));
        ProcessorConfig processorConfig = ProcessorConfig.load(ConfigSource.of(Map.of(
                ProcessorConfig.KAFKA_BOOTSTRAP.key(), runtime.bootstrapServers(),
                ProcessorConfig.STATE_DIR.key(), home.resolve("processor").toString())));
        try (CaptureService capture = new CaptureService(captureConfig, new SimpleMeterRegistry());
             ProcessorService processor = new ProcessorService(processorConfig, new SimpleMeterRegistry());
             Gateway gateway = Gateway.start(gatewayConfig, new Readiness(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            capture.start();
            capture.awaitStreaming(Duration.ofMinutes(2));
            // The capture streams from now on (no snapshot): put the coupon on its topic, the processor joins usage rows with it.
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE menuca_v3.promotional_coupons SET updated_at = now() WHERE id = " + couponId);
            }
            // One instance: interactive-query routing never leaves it, so its advertised port is only a label.
            processor.start(processorConfig.applicationServer(FreePort.find()));
            processor.awaitRunning(Duration.ofMinutes(2));
            String token = DevTokens.mint(gatewayConfig.keys().hmacSecret(), "service_role", List.of(), null, Duration.ofHours(2));
            List<Integer> port = List.of(gateway.port());
            try (RealtimeSubscriber changes = new RealtimeSubscriber(port, token, couponId, "INSERT");
                 RealtimeSubscriber derived = RealtimeSubscriber.broadcast(port, token,
                         "restaurant:" + BENCH_RESTAURANT + ":redemptions", "coupon_redeemed")) {
                return measure(writers, changes.inserts(), derived.inserts());
            }
        }
    }

    /**
     * Warm-up, writer throughput per writer count, steady latency, burst: for one configuration with a client;
     * with {@code derived} (our pipeline), also commit -> derived-event client latency in the steady phase.
     */
    private Map<String, Object> measure(WriterLoad writers, Arrivals arrivals, Arrivals derived) throws Exception {
        long firstOrderId = nextOrderId.get();
        WriterLoad.Result warm = writers.run(8, 0, plan.warmUp());
        arrivals.awaitRange(warm.firstOrderId(), warm.endOrderId(), DELIVERY_TIMEOUT);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("writer_throughput", throughput(writers, arrivals));

        if (derived != null) {
            // The processor works through the warm-up and throughput rows first: the latency phase starts once it is idle.
            derived.awaitRange(firstOrderId, nextOrderId.get(), DELIVERY_TIMEOUT);
        }
        WriterLoad.Result steady = writers.run(1, plan.steadyRate(), plan.steadyPhase());
        arrivals.awaitRange(steady.firstOrderId(), steady.endOrderId(), DELIVERY_TIMEOUT);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("rate_asked_per_s", plan.steadyRate());
        latency.put("rate_achieved_per_s", Math.round(steady.rowsPerSecond()));
        latency.put("duration_s", plan.steadyPhase().toSeconds());
        latency.put("load_generator_cpu_cores", BenchResults.round(steady.writerCpuCores()));
        latency.put("commit_to_client", LatencyReport.of(steady, arrivals));
        if (derived != null) {
            derived.awaitRange(steady.firstOrderId(), steady.endOrderId(), DELIVERY_TIMEOUT);
            latency.put("commit_to_derived_event_client", LatencyReport.of(steady, derived));
        }
        result.put("steady_latency", latency);
        out.printf(Locale.ROOT, "    steady %,d/s: %s%n", plan.steadyRate(), brief(latency));
        if (derived != null) {
            out.printf(Locale.ROOT, "    steady %,d/s, commit -> coupon_redeemed client: %s%n", plan.steadyRate(),
                    brief(Map.of("commit_to_client", latency.get("commit_to_derived_event_client"))));
        }

        WriterLoad.Result burst = writers.run(plan.burstWriters(), plan.burstRate(), plan.burstPhase());
        arrivals.awaitRange(burst.firstOrderId(), burst.endOrderId(), DELIVERY_TIMEOUT);
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

    /** Rows/s per writer count; with a client, also whether every row reached it. */
    private Map<String, Object> throughput(WriterLoad writers, Arrivals arrivals) throws Exception {
        Map<String, Object> byWriters = new LinkedHashMap<>();
        for (int count : plan.writerCounts()) {
            WriterLoad.Result run = writers.run(count, 0, plan.throughputPhase());
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("rows_per_s", Math.round(run.rowsPerSecond()));
            cell.put("rows", run.rows());
            if (arrivals != null) {
                boolean all = arrivals.awaitRange(run.firstOrderId(), run.endOrderId(), DELIVERY_TIMEOUT);
                cell.put("all_delivered_to_client", all);
            }
            byWriters.put(String.valueOf(count), cell);
            out.printf(Locale.ROOT, "    %2d writers: %,8d rows/s%n", count, Math.round(run.rowsPerSecond()));
        }
        return byWriters;
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
        Map<String, Object> none = (Map<String, Object>) ((Map<String, Object>) results.get("no_capture")).get("writer_throughput");
        Map<String, Object> notify = (Map<String, Object>) ((Map<String, Object>) results.get("pg_notify")).get("writer_throughput");
        Map<String, Object> cdc = (Map<String, Object>) ((Map<String, Object>) results.get("cdc")).get("writer_throughput");
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
        Map<String, Object> none = (Map<String, Object>) ((Map<String, Object>) results.get("no_capture")).get("writer_throughput");
        Map<String, Object> notify = (Map<String, Object>) ((Map<String, Object>) results.get("pg_notify")).get("writer_throughput");
        Map<String, Object> cdc = (Map<String, Object>) ((Map<String, Object>) results.get("cdc")).get("writer_throughput");
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

    private static long createCoupon(EmbeddedRuntime runtime) throws Exception {
        try (Connection c = runtime.postgres().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value)
                VALUES (%d, 'BENCH-NOTIFY', 'amount', 1.50) RETURNING id""".formatted(BENCH_RESTAURANT))) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
