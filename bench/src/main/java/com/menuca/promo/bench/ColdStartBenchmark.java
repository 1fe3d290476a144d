package com.menuca.promo.bench;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.admin.TopicApplier;
import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.bench.gateway.ThreadCpu;
import com.menuca.promo.infra.Directories;
import com.menuca.promo.infra.EmbeddedRuntime;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.process.JavaCommand;
import com.menuca.promo.infra.process.PromoProcess;
import com.menuca.promo.processor.ProcessorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * {@code promo bench coldstart}: does a stream processor on a fresh JVM keep up with 1,000 redemptions
 * per second from its first minute? Every deploy and every failover starts one.
 *
 * <p>The rest of the pipeline runs warm in this JVM (embedded PostgreSQL, Kafka, the capture, the
 * writer and a read_committed reader). The processor runs as production runs it, {@code promo process}
 * in a JVM of its own ({@code -Xmx1g}, G1), once per variant, each time a fresh JVM on the same state
 * directory (a restart or a redeploy on the same volume). A variant is the product's defaults plus JVM
 * options and processor settings: {@code default} as {@code promo process} starts out of the box,
 * {@code warmup} and {@code warmup-30s} with the warm-up at start ({@code processor.warmup.duration}),
 * the others with the AppCDS archive and/or C1 only. A training run first warms the
 * stack and records the processor's classes into an AppCDS archive ({@code -XX:ArchiveClassesAtExit},
 * written when it stops), which the {@code appcds} variants start with ({@code -XX:SharedArchiveFile}).
 *
 * <p>Per variant, from the moment the processor answers {@code /ready}: the first minute at the rate,
 * then a minute not measured, then the steady phase; latency from each row's commit (returned to the
 * writer) to its {@code coupon_redeemed} visible to the reader, p99 per 10 s of the first minute, and the
 * processor's CPU, its JIT compiler threads' share apart, in each phase. Time from launch to ready
 * (which includes the warm-up, reported apart from the processor's metrics) is beside it: rows committed
 * during start-up are not in the first minute's figures.
 */
public final class ColdStartBenchmark {
    /**
     * One fresh processor JVM: the product's defaults plus these JVM options and processor settings;
     * {@code appCds} adds the training run's archive.
     */
    public record Variant(String name, List<String> jvmOptions, boolean appCds, Map<String, String> settings) {
        public Variant {
            jvmOptions = List.copyOf(jvmOptions);
            settings = Map.copyOf(settings);
        }

        Variant(String name, List<String> jvmOptions, boolean appCds) {
            this(name, jvmOptions, appCds, Map.of());
        }
    }

    /** Sizes of one run. */
    public record Plan(int rate, Duration training, Duration firstMinute, Duration settle, Duration steady,
                       int restaurants, List<Variant> variants) {
        public static final Plan DEFAULT = new Plan(1_000, Duration.ofSeconds(60), Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(30), 24, List.of(
                        // as promo process starts out of the box (no warm-up: processor.warmup.duration is 0s)
                        new Variant("default", List.of(), false),
                        // warming the hot path at start: the JIT compiles the derivations before the first change
                        new Variant("warmup", List.of(), false, Map.of(ProcessorConfig.WARMUP_DURATION.key(), "10s")),
                        new Variant("warmup-30s", List.of(), false, Map.of(ProcessorConfig.WARMUP_DURATION.key(), "30s")),
                        // more JIT compiler threads (on two cores the JVM starts one C1 and one C2): what waits for
                        // C2 runs meanwhile at C1's slower, profiling tier
                        new Variant("warmup-30s-4-compilers", List.of("-XX:CICompilerCount=4"), false,
                                Map.of(ProcessorConfig.WARMUP_DURATION.key(), "30s")),
                        // two stream threads: one processes while the other waits for its transaction to commit,
                        // so a backlog built while the JIT catches up drains faster
                        new Variant("warmup-30s-2-threads", List.of(), false, Map.of(
                                ProcessorConfig.WARMUP_DURATION.key(), "30s", ProcessorConfig.THREADS.key(), "2")),
                        // the deployment descriptors' settings: the 10 s warm-up and two stream threads
                        new Variant("warmup-2-threads", List.of(), false, Map.of(
                                ProcessorConfig.WARMUP_DURATION.key(), "10s", ProcessorConfig.THREADS.key(), "2")),
                        new Variant("appcds", List.of(), true),
                        // both: the archive's classes load without parsing, and the derivations are compiled first
                        new Variant("warmup-appcds", List.of(), true, Map.of(ProcessorConfig.WARMUP_DURATION.key(), "10s")),
                        new Variant("c1-only", List.of("-XX:TieredStopAtLevel=1"), false),
                        new Variant("appcds-c1-only", List.of("-XX:TieredStopAtLevel=1"), true)));

        public Plan {
            variants = List.copyOf(variants);
            if (variants.isEmpty()) {
                throw new IllegalArgumentException("a cold-start run needs at least one variant");
            }
        }

        /** The variants of {@link #DEFAULT} named, in the order given (a shorter run). */
        public Plan withVariants(List<String> names) {
            List<Variant> chosen = new ArrayList<>();
            for (String name : names) {
                chosen.add(DEFAULT.variants().stream().filter(v -> v.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown cold-start variant '" + name
                                + "'; expected some of " + DEFAULT.variants().stream().map(Variant::name).toList())));
            }
            return new Plan(rate, training, firstMinute, settle, steady, restaurants, chosen);
        }

        Map<String, Object> describe() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("rate_rows_per_s", rate);
            options.put("training_s", training.toSeconds());
            options.put("first_minute_s", firstMinute.toSeconds());
            options.put("settle_s", settle.toSeconds());
            options.put("steady_s", steady.toSeconds());
            options.put("restaurants", restaurants);
            options.put("processor_jvm", PROCESSOR_JVM);
            options.put("variants", variants.stream().map(v -> Map.of("name", v.name(), "jvm_options", v.jvmOptions(),
                    "appcds", v.appCds(), "processor_settings", v.settings())).toList());
            options.put("processor_defaults", Map.of(ProcessorConfig.WARMUP_DURATION.key(),
                    ValueParser.DURATION.format(ProcessorConfig.WARMUP_DURATION.defaultValue().orElseThrow())));
            return options;
        }
    }

    /** The processor's JVM as {@code ./promo process} starts it. */
    private static final List<String> PROCESSOR_JVM = List.of("-Xmx1g");
    private static final long FIRST_ORDER = 3_000_000_000L;
    private static final long ORDERS_PER_RUN = 10_000_000L;
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final Plan plan;
    private final PrintStream out;
    private final JavaCommand launcher;
    /** The HTTP port of each processor started, by pid. */
    private final Map<Long, Integer> ports = new HashMap<>();

    public ColdStartBenchmark(Plan plan, JavaCommand launcher, PrintStream out) {
        this.plan = plan;
        this.launcher = launcher;
        this.out = out;
    }

    /** Runs the training run and every variant on a fresh stack; writes {@code <resultsDir>/coldstart.json}. */
    public Map<String, Object> run(Path resultsDir) throws Exception {
        ResultFile resultFile = ResultFile.begin("coldstart", plan.describe());
        Path home = Files.createTempDirectory("promo-bench-coldstart");
        Map<String, Object> results = new LinkedHashMap<>();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(home, 0, 0);
             CaptureService capture = new CaptureService(captureConfig(runtime), new SimpleMeterRegistry())) {
            capture.start();
            capture.awaitStreaming(Duration.ofMinutes(2));
            List<Long> coupons;
            try (Connection c = runtime.postgres().connect()) {
                results.put("postgres", PostgresSettings.describe(c));
                coupons = createCoupons(c);
            }
            // the derived topics exist before the reader assigns their partitions (the processor is not up yet)
            TopicApplier.applyCatalogue(runtime.bootstrapServers(), Catalog.bundled());
            Path archive = home.resolve("processor.jsa");
            try (DerivedEventClock clock = new DerivedEventClock(runtime.bootstrapServers());
                 Connection db = runtime.postgres().connect()) {
                out.printf("training run (not counted): %d s at %,d rows/s, recording the AppCDS archive%n",
                        plan.training().toSeconds(), plan.rate());
                results.put("appcds_archive", train(runtime, home, archive, clock, db, coupons));
                List<Map<String, Object>> variants = new ArrayList<>();
                for (int i = 0; i < plan.variants().size(); i++) {
                    Variant variant = plan.variants().get(i);
                    out.printf("variant %s: fresh processor JVM %s%n", variant.name(), options(variant, archive));
                    Map<String, Object> result = variant(runtime, home, archive, clock, db, coupons, variant,
                            FIRST_ORDER + (i + 1) * ORDERS_PER_RUN);
                    variants.add(result);
                }
                results.put("variants", variants);
                results.put("duplicates_seen", clock.duplicates());
            }
        } finally {
            Directories.deleteQuietly(home);
        }
        printTable(results);
        resultFile.writeAndAnnounce(resultsDir, results, out);
        return results;
    }

    /** A processor with the archive recorded at its exit runs the training load, then stops. */
    private Map<String, Object> train(EmbeddedRuntime runtime, Path home, Path archive, DerivedEventClock clock,
                                      Connection db, List<Long> coupons) throws Exception {
        PromoProcess processor = startProcessor(runtime, home, "processor-training",
                List.of("-XX:ArchiveClassesAtExit=" + archive), Map.of());
        int rows = rows(plan.training());
        write(db, coupons, FIRST_ORDER, rows);
        if (clock.awaitRedeemed(FIRST_ORDER, rows, WAIT) < 0) {
            throw new IllegalStateException("the training run's rows were not derived within " + WAIT.toMinutes() + " minutes");
        }
        long stopping = System.nanoTime();
        processor.stop(Duration.ofMinutes(2));
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training run wrote no AppCDS archive; its log:\n" + processor.tail());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("recorded_by", "a training run of promo process with -XX:ArchiveClassesAtExit, stopped by SIGTERM");
        result.put("size_mb", BenchResults.round(Files.size(archive) / 1e6));
        result.put("stop_and_dump_s", BenchResults.round((System.nanoTime() - stopping) / 1e9));
        return result;
    }

    private Map<String, Object> variant(EmbeddedRuntime runtime, Path home, Path archive, DerivedEventClock clock,
                                        Connection db, List<Long> coupons, Variant variant, long firstOrder)
            throws Exception {
        long launched = System.nanoTime();
        PromoProcess processor = startProcessor(runtime, home, "processor-" + variant.name(), options(variant, archive),
                variant.settings());
        long ready = System.nanoTime();
        try {
            int first = rows(plan.firstMinute());
            int settle = rows(plan.settle());
            int steady = rows(plan.steady());
            Map<ThreadCpu.Role, Double> cpuAtReady = ThreadCpu.byRole(processor.pid());
            Phase firstMinute = write(db, coupons, firstOrder, first);
            Map<ThreadCpu.Role, Double> cpuAfterFirst = ThreadCpu.byRole(processor.pid());
            write(db, coupons, firstOrder + first, settle);
            Map<ThreadCpu.Role, Double> cpuBeforeSteady = ThreadCpu.byRole(processor.pid());
            Phase steadyPhase = write(db, coupons, firstOrder + first + settle, steady);
            Map<ThreadCpu.Role, Double> cpuAfterSteady = ThreadCpu.byRole(processor.pid());
            if (clock.awaitRedeemed(firstOrder, first + settle + steady, WAIT) < 0) {
                throw new IllegalStateException(variant.name() + ": not every coupon_redeemed arrived within "
                        + WAIT.toMinutes() + " minutes");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", variant.name());
            result.put("jvm_options", options(variant, archive).stream()
                    .map(o -> o.replace(archive.toString(), "processor.jsa")).toList());
            result.put("processor_settings", variant.settings());
            result.put("launch_to_ready_s", BenchResults.round((ready - launched) / 1e9));
            result.put("warm_up", warmUp(processor));
            Map<String, Object> firstFigures = phase(clock, firstMinute, firstOrder, true, cpuAtReady, cpuAfterFirst);
            Map<String, Object> steadyFigures = phase(clock, steadyPhase, firstOrder + first + settle, false,
                    cpuBeforeSteady, cpuAfterSteady);
            result.put("first_minute", firstFigures);
            result.put("steady", steadyFigures);
            out.printf("  ready after %.1f s (warm-up %s); first minute p99 %s ms, steady p99 %s ms%n",
                    (ready - launched) / 1e9, result.get("warm_up"),
                    ((Map<?, ?>) firstFigures.get("commit_to_coupon_redeemed")).get("p99_ms"),
                    ((Map<?, ?>) steadyFigures.get("commit_to_coupon_redeemed")).get("p99_ms"));
            return result;
        } finally {
            processor.stop(Duration.ofMinutes(1));
        }
    }

    /** One phase's rows: their commit times, and how far the writer fell behind its schedule. */
    private record Phase(long[] commits, long startedNanos, long maxBehindNanos) {
    }

    private Map<String, Object> phase(DerivedEventClock clock, Phase phase, long firstOrder, boolean byWindow,
                                      Map<ThreadCpu.Role, Double> cpuFrom, Map<ThreadCpu.Role, Double> cpuTo) {
        Histogram all = new Histogram(600_000_000L, 3);
        List<Histogram> windows = new ArrayList<>();
        for (int i = 0; i < phase.commits().length; i++) {
            long micros = Math.max(0, (clock.redeemedAt(firstOrder + i) - phase.commits()[i]) / 1_000);
            all.recordValue(micros);
            int window = (int) ((phase.commits()[i] - phase.startedNanos()) / WINDOW.toNanos());
            while (windows.size() <= window) {
                windows.add(new Histogram(600_000_000L, 3));
            }
            windows.get(window).recordValue(micros);
        }
        double seconds = phase.commits().length / (double) plan.rate();
        Map<ThreadCpu.Role, Double> cpu = ThreadCpu.between(cpuFrom, cpuTo);
        double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", phase.commits().length);
        result.put("commit_to_coupon_redeemed", BenchResults.latencyMillis(all));
        if (byWindow) {
            result.put("p99_ms_per_10_s", windows.stream().map(h -> h.getValueAtPercentile(99) / 1000.0).toList());
        }
        result.put("writer_max_behind_schedule_ms", BenchResults.round(phase.maxBehindNanos() / 1e6));
        result.put("processor_cpu_cores", BenchResults.round(total / seconds));
        result.put("processor_jit_compiler_cores", BenchResults.round(cpu.getOrDefault(ThreadCpu.Role.JIT, 0.0) / seconds));
        result.put("processor_gc_cores", BenchResults.round(cpu.getOrDefault(ThreadCpu.Role.GC, 0.0) / seconds));
        return result;
    }

    private List<String> options(Variant variant, Path archive) {
        List<String> options = new ArrayList<>(variant.jvmOptions());
        if (variant.appCds()) {
            options.add("-XX:SharedArchiveFile=" + archive);
        }
        return options;
    }

    private PromoProcess startProcessor(EmbeddedRuntime runtime, Path home, String name, List<String> extraOptions,
                                        Map<String, String> settings) throws Exception {
        List<String> options = new ArrayList<>(PROCESSOR_JVM);
        options.addAll(extraOptions);
        JavaCommand java = new JavaCommand(launcher.javaBinary(), launcher.classPath(), options, launcher.mainClass());
        int port = FreePort.find();
        Map<String, String> env = new LinkedHashMap<>();
        env.put(KafkaSettings.BOOTSTRAP_SERVERS.envVar(), runtime.bootstrapServers());
        env.put(ProcessorConfig.HTTP_PORT.envVar(), String.valueOf(port));
        env.put(ProcessorConfig.STATE_DIR.envVar(), home.resolve("processor-state").toString());
        env.put(ProcessorConfig.QUERY_TOKEN.envVar(), com.menuca.promo.common.config.RandomSecret.generate());
        settings.forEach((key, value) -> env.put(Setting.envVarOf(key), value));
        PromoProcess processor = PromoProcess.start(name, java, List.of("process"), env, home.resolve(name + ".log"));
        try {
            processor.awaitHttpOk(URI.create("http://127.0.0.1:" + port + "/ready"), WAIT);
        } catch (Exception | Error e) {
            processor.close();
            throw e;
        }
        ports.put(processor.pid(), port);
        return processor;
    }

    /** What the processor's warm-up did, from its metrics: seconds and synthetic changes (0 when off). */
    private Map<String, Object> warmUp(PromoProcess processor) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + ports.get(processor.pid()) + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("seconds", BenchResults.round(metric(metrics.body(), "promo_processor_warmup_seconds")));
        result.put("changes", (long) metric(metrics.body(), "promo_processor_warmup_changes"));
        return result;
    }

    private static double metric(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new IllegalStateException("the processor's /metrics has no " + name));
    }

    private int rows(Duration phase) {
        return (int) (plan.rate() * phase.toSeconds());
    }

    /** {@code rows} single-row usage transactions at the plan's rate, round robin over the coupons. */
    private Phase write(Connection db, List<Long> coupons, long firstOrder, int rows) throws Exception {
        long[] commits = new long[rows];
        long interval = 1_000_000_000L / plan.rate();
        long behindMax = 0;
        long start;
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                SELECT id, restaurant_id, ?, ?, 1.50, 30.00 FROM menuca_v3.promotional_coupons WHERE id = ?""")) {
            start = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                long due = start + i * interval;
                behindMax = Math.max(behindMax, SteadyRate.awaitDue(due) - due);
                long order = firstOrder + i;
                insert.setLong(1, order % 5_000);
                insert.setLong(2, order);
                insert.setLong(3, coupons.get((int) (order % coupons.size())));
                insert.executeUpdate();
                commits[i] = System.nanoTime();
            }
        }
        return new Phase(commits, start, behindMax);
    }

    /** One active deal per restaurant and a coupon of it with no usage limit. */
    private List<Long> createCoupons(Connection db) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = db.createStatement()) {
            s.execute("""
                    INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, starts_at, ends_at, is_active, status)
                    SELECT r, 'Cold start deal ' || r, 'percent', 10, now() - interval '1 hour', now() + interval '7 days', true, 'active'
                    FROM generate_series(1, %d) r""".formatted(plan.restaurants()));
            try (ResultSet rs = s.executeQuery("""
                    INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, discount_value)
                    SELECT restaurant_id, id, 'COLD-' || restaurant_id, 'amount', 1.50 FROM menuca_v3.promotional_deals
                    ORDER BY restaurant_id RETURNING id""")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static CaptureConfig captureConfig(EmbeddedRuntime runtime) {
        return CaptureConfig.load(ConfigSource.fromEnvironment(Optional.empty()).withOverrides(CaptureConfig.endpoints(
                runtime.postgres().host(), runtime.postgres().port(), EmbeddedPostgresServer.DATABASE,
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD, runtime.bootstrapServers())));
    }

    @SuppressWarnings("unchecked")
    private void printTable(Map<String, Object> results) {
        out.println();
        out.println("cold start: a fresh processor JVM (promo process, -Xmx1g) at " + plan.rate()
                + " redemptions/s, the rest of the stack warm; commit -> coupon_redeemed");
        out.println("| variant | launch -> ready (warm-up) | first minute p50 / p99 / max | steady p50 / p99 | JIT cores first minute / steady |");
        out.println("|---|---|---|---|---|");
        for (Map<String, Object> variant : (List<Map<String, Object>>) results.get("variants")) {
            Map<String, Object> first = (Map<String, Object>) variant.get("first_minute");
            Map<String, Object> steady = (Map<String, Object>) variant.get("steady");
            Map<String, Object> firstLatency = (Map<String, Object>) first.get("commit_to_coupon_redeemed");
            Map<String, Object> steadyLatency = (Map<String, Object>) steady.get("commit_to_coupon_redeemed");
            Map<String, Object> warmUp = (Map<String, Object>) variant.get("warm_up");
            out.printf("| %s | %s s (%s s, %s changes) | %s / %s / %s ms | %s / %s ms | %s / %s |%n", variant.get("name"),
                    variant.get("launch_to_ready_s"), warmUp.get("seconds"), warmUp.get("changes"), firstLatency.get("p50_ms"), firstLatency.get("p99_ms"),
                    firstLatency.get("max_ms"), steadyLatency.get("p50_ms"), steadyLatency.get("p99_ms"),
                    first.get("processor_jit_compiler_cores"), steady.get("processor_jit_compiler_cores"));
        }
    }
}
