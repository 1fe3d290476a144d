package com.menuca.promo.bench.gateway;

import com.menuca.promo.infra.Directories;
import com.menuca.promo.bench.BenchResults;
import com.menuca.promo.bench.SteadyRate;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.infra.process.JavaCommand;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code promo bench gateway}: the gateway under many connections, on a fresh {@code promo dev} stack
 * in its own process (PostgreSQL, Kafka, capture and gateway), with the clients in this JVM.
 *
 * <ol>
 *   <li>heap per idle connection: N connections, each joined to a channel that gets no traffic;
 *       heap of the stack JVM after a full GC, before and after;</li>
 *   <li>warm-up (not measured): the latency run's traffic for {@link Plan#warmUp()}, so the stack JVM
 *       has compiled its hot paths;</li>
 *   <li>latency: M of them subscribe to their restaurant's usage rows (M/100 per restaurant), a writer
 *       commits {@code rate} rows/s over 100 restaurants; commit (the writer's JDBC call returned) to
 *       frame received by each subscriber, p50/p99, per second of the run, and the gateway's own
 *       histograms to tell the capture's and Kafka's share from the gateway's;</li>
 *   <li>fan-out: the M subscribers also join one channel; transactions of {@code burst} rows go to all
 *       of them; frames delivered per second from commit to the last frame received.</li>
 * </ol>
 *
 * <p>Each phase also reports what it cost ({@link PhaseMeter}): CPU-microseconds and bytes allocated
 * per frame for the gateway's threads, the whole stack JVM and the load generator, and GC pauses.
 * These hold on a busy shared machine, where the wall-clock figures do not.
 */
public final class GatewayBenchmark {
    /** Sizes of one run; the defaults are the issue's. */
    public record Plan(int connections, int subscribers, int rate, Duration duration, int burst, int bursts, Duration warmUp,
                       List<String> stackJavaOptions, boolean withProcessor) {
        public static final Plan DEFAULT = new Plan(10_000, 1_000, 1_000, Duration.ofSeconds(20), 1_000, 3,
                Duration.ofSeconds(30), List.of(), false);

        public Plan {
            stackJavaOptions = List.copyOf(stackJavaOptions);
        }
    }

    private static final int RESTAURANTS = 100;
    private static final long FIRST_RESTAURANT = 70_000;
    private static final long FAN_OUT_RESTAURANT = 79_999;

    private final Plan plan;
    private final JavaCommand java;
    private final PrintStream out;
    private long nextOrderId = 5_000_000_000L;

    public GatewayBenchmark(Plan plan, JavaCommand java, PrintStream out) {
        this.plan = plan;
        this.java = java;
        this.out = out;
    }

    public Map<String, Object> run(Path resultsDir) throws Exception {
        Path home = Files.createTempDirectory("promo-bench-gateway");
        Files.createDirectories(resultsDir);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("scenario", "shared-burst: idle connections, then every subscriber on one channel receiving the same frames");
        results.put("plan", Map.of("connections", plan.connections(), "subscribers", plan.subscribers(),
                "rate_changes_per_s", plan.rate(), "duration_s", plan.duration().toSeconds(), "burst_rows", plan.burst()));
        results.put("setup", "promo dev (PostgreSQL 17 fsync=off, Kafka, capture, gateway"
                + (plan.withProcessor() ? ", stream processor" : "; stream processor off")
                + ") in one JVM with -Xmx1g unless stack_jvm_options name another (the last -Xmx there counts); "
                + "the benchmark's clients in another JVM on the same machine; 2 event loops each side");
        results.put("load_average_at_start", PhaseMeter.loadAverage());
        out.println("starting promo dev in its own process (machine load average " + PhaseMeter.loadAverage() + ")...");
        List<String> stackOptions = DevProcess.stackOptions(java, plan.stackJavaOptions());
        results.put("stack_jvm_options", stackOptions);
        try (DevProcess dev = DevProcess.start(new JavaCommand(java.javaBinary(), java.classPath(), stackOptions, java.mainClass()), home,
                plan.withProcessor());
             BenchClients clients = new BenchClients();
             Connection db = DriverManager.getConnection(dev.jdbcUrl(), dev.user(), dev.password())) {
            String token = DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofHours(6));
            URI uri = URI.create(dev.websocketUrl());

            long heapBefore = dev.heapAfterGc();
            long connectStart = System.nanoTime();
            int idle = plan.connections() - plan.subscribers();
            out.printf("connecting %,d idle clients...%n", idle);
            clients.connect(uri, token, idle, i -> "bench:idle:" + i, i -> "restaurant_id=eq.1");
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            long heapIdle = dev.heapAfterGc();
            Map<String, Object> heap = new LinkedHashMap<>();
            heap.put("connections", idle);
            heap.put("heap_before_mb", heapBefore / 1_048_576.0);
            heap.put("heap_with_connections_mb", heapIdle / 1_048_576.0);
            heap.put("bytes_per_idle_connection", idle == 0 ? null : (heapIdle - heapBefore) / idle);
            heap.put("connect_and_join_per_s", Math.round(idle / connectSeconds));
            results.put("idle_connections", heap);

            out.printf("connecting %,d subscribers...%n", plan.subscribers());
            clients.connect(uri, token, plan.subscribers(),
                    i -> "restaurant:" + (FIRST_RESTAURANT + i % RESTAURANTS) + ":redemptions",
                    i -> "restaurant_id=eq." + (FIRST_RESTAURANT + i % RESTAURANTS));
            long[] coupons = coupons(db);
            results.put("warm_up", warmUp(dev, clients, db, coupons, resultsDir));
            results.put("latency", latency(dev, clients, db, coupons, resultsDir));
            results.put("fan_out", fanOut(dev, clients, db, coupons, resultsDir));
            results.put("connections_open_at_end", clients.size());
            results.put("load_average_at_end", PhaseMeter.loadAverage());
        } finally {
            Directories.deleteQuietly(home);
        }
        print(results);
        Path file = BenchResults.write(resultsDir, "gateway-shared-burst", results);
        out.println("results written to " + file);
        return results;
    }

    private Map<String, Object> latency(DevProcess dev, BenchClients clients, Connection db, long[] coupons, Path resultsDir)
            throws Exception {
        int rows = (int) (plan.rate() * plan.duration().toSeconds());
        int perRow = plan.subscribers() / RESTAURANTS;
        out.printf("latency: %,d rows at %,d/s, each to %d subscribers...%n", rows, plan.rate(), perRow);
        long framesBefore = clients.frames();
        clients.trackLatency(true);
        PhaseMeter meter = PhaseMeter.start(dev, "latency", resultsDir.resolve("gateway-latency.jfr"));
        GatewaySideLatency commitToWrite = new GatewaySideLatency(dev.opsUrl(), GatewaySideLatency.COMMIT_TO_WRITE);
        GatewaySideLatency pollToWrite = new GatewaySideLatency(dev.opsUrl(), GatewaySideLatency.POLL_TO_WRITE);
        Map<Double, Double> commitBefore = commitToWrite.read();
        Map<Double, Double> pollBefore = pollToWrite.read();
        double devCpu = dev.cpuSeconds();
        double selfCpu = ProcessCpu.self();
        long start = System.nanoTime();
        clients.startTimeline(start, (int) plan.duration().toSeconds() + 1);
        long behindMax = writeSteadily(clients, db, coupons, rows);
        double wall = (System.nanoTime() - start) / 1e9;
        double devCores = (dev.cpuSeconds() - devCpu) / wall;
        double clientCores = (ProcessCpu.self() - selfCpu) / wall;
        long expected = (long) rows * perRow;
        long received = awaitFrames(clients, framesBefore + expected, Duration.ofSeconds(60)) - framesBefore;
        clients.trackLatency(false);
        Map<Double, Double> commitAfter = commitToWrite.read();
        Map<Double, Double> pollAfter = pollToWrite.read();
        Map<String, Object> cost = meter.stop(received);
        Histogram histogram = clients.latencyMicros();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows);
        result.put("subscribers_per_row", perRow);
        result.put("frames_expected", expected);
        result.put("frames_received", received);
        result.put("frames_per_s", Math.round(received / wall));
        result.put("writer_max_behind_schedule_ms", behindMax / 1e6);
        result.put("commit_to_client", BenchResults.latencyMillis(histogram));
        result.put("commit_to_gateway_write", GatewaySideLatency.summary(commitBefore, commitAfter, "the gateway's "
                + GatewaySideLatency.COMMIT_TO_WRITE + " histogram: PostgreSQL commit time (source.ts_ms) to the first write of"
                + " each event on an event loop, bucket upper bounds"));
        result.put("gateway_poll_to_write", GatewaySideLatency.summary(pollBefore, pollAfter, "the gateway's "
                + GatewaySideLatency.POLL_TO_WRITE + " histogram: the feed's poll of the record to the first write of"
                + " each event on an event loop (record timestamps are commit times), bucket upper bounds"));
        List<String> perSecond = new ArrayList<>();
        for (Histogram second : clients.timeline()) {
            perSecond.add(String.format(Locale.ROOT, "p50 %.1f / p99 %.1f / max %.1f ms",
                    second.getValueAtPercentile(50) / 1e3, second.getValueAtPercentile(99) / 1e3, second.getMaxValue() / 1e3));
        }
        result.put("commit_to_client_by_second", perSecond);
        result.put("cpu_cores_stack_jvm", BenchResults.round(devCores));
        result.put("cpu_cores_client_jvm", BenchResults.round(clientCores));
        result.put("cost", cost);
        return result;
    }

    /**
     * The same traffic as the latency run, for {@link Plan#warmUp()}, not measured: the stack JVM compiles its hot
     * paths (JIT) and sizes its heap here rather than in the measured runs, as in any steady-state benchmark.
     */
    private Map<String, Object> warmUp(DevProcess dev, BenchClients clients, Connection db, long[] coupons, Path resultsDir)
            throws Exception {
        int rows = (int) (plan.rate() * plan.warmUp().toSeconds());
        out.printf("warm-up: %,d rows at %,d/s (not measured)...%n", rows, plan.rate());
        // the first flight recording also starts the recorder in the stack JVM: a one-off cost kept out of the measured runs
        PhaseMeter meter = PhaseMeter.start(dev, "warmup", resultsDir.resolve("gateway-warmup.jfr"));
        long framesBefore = clients.frames();
        long start = System.nanoTime();
        writeSteadily(clients, db, coupons, rows);
        long expected = (long) rows * (plan.subscribers() / RESTAURANTS);
        long received = awaitFrames(clients, framesBefore + expected, Duration.ofSeconds(60)) - framesBefore;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows", rows);
        result.put("frames_received", received);
        result.put("seconds", BenchResults.round((System.nanoTime() - start) / 1e9));
        result.put("cost", meter.stop(received));
        return result;
    }

    /** Commits {@code rows} single-row transactions at the plan's rate over the restaurants; returns how far the writer fell behind (ns). */
    private long writeSteadily(BenchClients clients, Connection db, long[] coupons, int rows) throws Exception {
        long start = System.nanoTime();
        long interval = 1_000_000_000L / plan.rate();
        long behindMax = 0;
        try (PreparedStatement insert = usageInsert(db)) {
            for (int i = 0; i < rows; i++) {
                long due = start + i * interval;
                long now = SteadyRate.awaitDue(due);
                behindMax = Math.max(behindMax, now - due);
                int restaurant = i % RESTAURANTS;
                long orderId = nextOrderId++;
                bind(insert, coupons[restaurant], FIRST_RESTAURANT + restaurant, orderId);
                insert.executeUpdate();
                clients.committed(orderId, System.nanoTime());
            }
        }
        return behindMax;
    }

    private Map<String, Object> fanOut(DevProcess dev, BenchClients clients, Connection db, long[] coupons, Path resultsDir)
            throws Exception {
        out.printf("fan-out: %,d subscribers join one channel; %d bursts of %,d rows...%n", plan.subscribers(), plan.bursts(),
                plan.burst());
        clients.joinLast(plan.subscribers(), "bench:fanout", "restaurant_id=eq." + FAN_OUT_RESTAURANT);
        long coupon = coupon(db, FAN_OUT_RESTAURANT);
        List<Map<String, Object>> bursts = new ArrayList<>();
        long framesAtStart = clients.frames();
        PhaseMeter meter = PhaseMeter.start(dev, "fanout", resultsDir.resolve("gateway-fanout.jfr"));
        for (int b = 0; b < plan.bursts(); b++) {
            long before = clients.frames();
            double devCpu = dev.cpuSeconds();
            double selfCpu = ProcessCpu.self();
            db.setAutoCommit(false);
            try (PreparedStatement insert = usageInsert(db)) {
                for (int i = 0; i < plan.burst(); i++) {
                    bind(insert, coupon, FAN_OUT_RESTAURANT, nextOrderId++);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
            db.setAutoCommit(true);
            long committed = System.nanoTime();
            long expected = (long) plan.burst() * plan.subscribers();
            long received = awaitFrames(clients, before + expected, Duration.ofSeconds(120)) - before;
            double seconds = Math.max(1, clients.lastFrameNanos() - committed) / 1e9;
            Map<String, Object> burst = new LinkedHashMap<>();
            burst.put("frames_expected", expected);
            burst.put("frames_received", received);
            burst.put("commit_to_last_frame_s", BenchResults.round(seconds));
            burst.put("frames_per_s", Math.round(received / seconds));
            double stackCpu = dev.cpuSeconds() - devCpu;
            burst.put("cpu_cores_stack_jvm", BenchResults.round(stackCpu / seconds));
            burst.put("frames_per_stack_cpu_second", Math.round(received / Math.max(0.01, stackCpu)));
            burst.put("cpu_cores_client_jvm", BenchResults.round((ProcessCpu.self() - selfCpu) / seconds));
            bursts.add(burst);
            out.printf("  burst %d: %,d frames in %.2f s%n", b + 1, received, seconds);
        }
        Map<String, Object> cost = meter.stop(clients.frames() - framesAtStart);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("subscribers", plan.subscribers());
        result.put("bursts", bursts);
        result.put("best_frames_per_s", bursts.stream().mapToLong(m -> (Long) m.get("frames_per_s")).max().orElse(0));
        result.put("cost", cost);
        return result;
    }

    /** Waits until the clients have counted {@code target} frames, or the timeout passes; returns the count. */
    private static long awaitFrames(BenchClients clients, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = clients.frames();
            if (now >= target) {
                return now;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > Duration.ofSeconds(15).toNanos()) {
                break;
            }
            Thread.sleep(10);
        }
        return clients.frames();
    }

    private static long[] coupons(Connection db) throws Exception {
        long[] coupons = new long[RESTAURANTS];
        for (int i = 0; i < RESTAURANTS; i++) {
            coupons[i] = coupon(db, FIRST_RESTAURANT + i);
        }
        return coupons;
    }

    private static long coupon(Connection db, long restaurant) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value) VALUES ("
                        + restaurant + ", 'BENCH" + restaurant + "', 'amount', 1.50) RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PreparedStatement usageInsert(Connection db) throws Exception {
        return db.prepareStatement("INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id,"
                + " discount_applied, order_total) VALUES (?, ?, ?, ?, 1.50, 30.00)");
    }

    private static void bind(PreparedStatement insert, long coupon, long restaurant, long orderId) throws Exception {
        insert.setLong(1, coupon);
        insert.setLong(2, restaurant);
        insert.setLong(3, orderId % 1_000);
        insert.setLong(4, orderId);
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> results) {
        Map<String, Object> heap = (Map<String, Object>) results.get("idle_connections");
        Map<String, Object> latency = (Map<String, Object>) results.get("latency");
        Map<String, Object> commit = (Map<String, Object>) latency.get("commit_to_client");
        Map<String, Object> fan = (Map<String, Object>) results.get("fan_out");
        out.println();
        out.println("gateway benchmark (" + Runtime.getRuntime().availableProcessors() + " cores; stack and clients on the same machine)");
        out.println("| scenario | result | target |");
        out.println("|---|---|---|");
        out.printf("| heap per idle connection (%,d connections) | %s bytes | <= 10 KB |%n", heap.get("connections"),
                heap.get("bytes_per_idle_connection") == null ? "not measured (no idle connections)"
                        : String.format("%,d", (Long) heap.get("bytes_per_idle_connection")));
        out.printf("| commit -> client, %,d rows/s to %,d subscribers (%s each) | p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d samples); %,d of %,d frames |"
                        + " p99 <= 50 ms |%n", plan.rate(), plan.subscribers(), latency.get("subscribers_per_row"),
                commit.get("p50_ms"), commit.get("p99_ms"), commit.get("max_ms"), commit.get("samples"),
                latency.get("frames_received"), latency.get("frames_expected"));
        out.printf("| fan-out, %,d-row transactions to %,d subscribers | best %,d frames/s | >= 500,000 frames/s |%n",
                plan.burst(), plan.subscribers(), fan.get("best_frames_per_s"));
        for (String phase : List.of("latency", "fan_out")) {
            Map<String, Object> cost = (Map<String, Object>) ((Map<String, Object>) results.get(phase)).get("cost");
            Map<String, Object> gc = (Map<String, Object>) cost.get("stack_gc");
            out.printf("%s: gateway %s CPU-us and %s bytes allocated per frame (stack JVM %s CPU-us, %s bytes); load generator %s CPU-us;"
                            + " stack GC %s pauses, %s ms in all, longest %s ms; load average %s -> %s%n", phase,
                    cost.get("gateway_cpu_us_per_frame"), cost.get("gateway_allocated_bytes_per_frame"),
                    cost.get("stack_jvm_cpu_us_per_frame"), cost.get("stack_allocated_bytes_per_frame"),
                    cost.get("client_cpu_us_per_frame"), gc.get("pauses"), gc.get("pause_total_ms"), gc.get("pause_max_ms"),
                    cost.get("load_average_start"), cost.get("load_average_end"));
        }
        out.printf("machine load average: %s at start, %s at end (a shared machine: other work competes for the cores)%n",
                results.get("load_average_at_start"), results.get("load_average_at_end"));
    }

}
