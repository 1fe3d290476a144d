package com.menuca.promo.bench.gateway;

import com.menuca.promo.bench.BenchResults;
import com.menuca.promo.bench.ResultFile;
import com.menuca.promo.bench.SteadyRate;
import com.menuca.promo.bench.gateway.Audience.Member;
import com.menuca.promo.bench.gateway.Verification.Expected;
import com.menuca.promo.bench.gateway.Verification.Stream;
import com.menuca.promo.common.config.RandomSecret;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.infra.Directories;
import com.menuca.promo.infra.demo.DemoDataSeeder;
import com.menuca.promo.infra.demo.TrafficSimulator;
import com.menuca.promo.infra.demo.TrafficSimulator.Change;
import com.menuca.promo.infra.process.JavaCommand;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * {@code promo bench gateway} (realistic, the default): N connections, every one active with its
 * own token and subscriptions ({@link Audience}), on a fresh {@code promo dev} stack in its own
 * process (PostgreSQL, Kafka, capture, stream processor, gateway) or, with {@code --services-apart},
 * on the services each in a JVM of its own ({@link ServicesApart}), fed by the traffic simulator's
 * mix of all five tables at a fixed rate. Every client checks every frame ({@link VerifyingClient});
 * the run fails on any loss, duplicate or foreign frame.
 *
 * <ol>
 *   <li>memory with one client in ten connected and joined, and with all N, idle (after a full GC): per
 *       connection, the growth between the two over the connections in between;</li>
 *   <li>warm-up at the rate (checked, latency not recorded) until the stack's JIT has settled, then
 *       a wait for the clients to receive what it wrote;</li>
 *   <li>the measured run: latency of every frame from its row's commit (the writer's JDBC call
 *       returned) and from the writer's intended send time of that row, so a writer that stalls with
 *       the stack does not hide the stall (coordinated omission); per interval: latency, heap, RSS,
 *       direct memory, GC; memory under traffic at its end;</li>
 *   <li>a barrier: one more usage row per customer in one transaction, reaching every connection;
 *       once every client has every change registered for it, what is still missing is lost and
 *       every frame no change accounts for is a duplicate;</li>
 *   <li>with {@code --duration} of 10 minutes or more, a soak verdict: the live heap after a full
 *       GC at the start and end of the measured run, resident memory outside the heap over its
 *       second half, and p99 of its last five intervals against its first five.</li>
 * </ol>
 */
public final class RealisticBenchmark {
    /**
     * Sizes of one run. {@code settleJit}: after {@code warmUp}, go on warming until the stack's JIT has
     * settled (off for a smoke run).
     */
    public record Plan(int connections, int rate, Duration duration, Duration warmUp, boolean settleJit,
            List<String> stackJavaOptions, boolean servicesApart, List<String> gatewayJavaOptions) {
        public static final Plan DEFAULT = new Plan(10_000, 1_000, Duration.ofSeconds(60), Duration.ofSeconds(30), true,
                List.of(), false, List.of());
        /** From this long on, a run is a soak: reported per minute and judged for leaks and drift. */
        public static final Duration SOAK = Duration.ofMinutes(10);

        public Plan {
            stackJavaOptions = List.copyOf(stackJavaOptions);
            gatewayJavaOptions = List.copyOf(gatewayJavaOptions);
            if (!servicesApart && !gatewayJavaOptions.isEmpty()) {
                throw new IllegalArgumentException("options for the gateway's own JVM need the services apart");
            }
        }

        boolean soak() {
            return duration.compareTo(SOAK) >= 0;
        }

        /** The result file's name: gateway or gateway-soak, with -apart for the services apart. */
        String benchmark() {
            return (soak() ? "gateway-soak" : "gateway") + (servicesApart ? "-apart" : "");
        }

        Duration interval() {
            return soak() ? Duration.ofMinutes(1) : Duration.ofSeconds(10);
        }
    }

    /** Live heap growth over the soak that counts as a leak: this much plus 10% of the start. */
    private static final long LEAK_HEAP_BYTES = 32L * 1024 * 1024;
    /** Growth of resident memory outside the heap over the soak's second half that counts as a leak. */
    private static final long LEAK_NATIVE_BYTES = 64L * 1024 * 1024;
    private static final String CLIENT_THREADS = BenchClients.THREAD_PREFIX;
    /** The stack's JIT counts as settled when its compiler threads use less than this during a warm-up step. */
    private static final double SETTLED_JIT_CORES = 0.05;
    private static final Duration SETTLING_STEP = Duration.ofSeconds(10);
    private static final int MAX_SETTLING_STEPS = 24;
    /** The warm-up first writes at the plan's rate divided by this, while the JIT compiles what it runs. */
    private static final int RAMP_DIVISOR = 4;
    private static final int MAX_RAMP_STEPS = 12;
    /** What the result says of the JIT's settling when a smoke run (--quick) skips it. */
    private static final String NOT_SETTLED_QUICK = "not tried (--quick)";
    /** Longest wait, after the warm-up, for the clients to receive what it wrote. */
    private static final Duration MAX_DRAIN = Duration.ofMinutes(2);
    /**
     * Frames the clients may be waiting for before a run stops writing: each is remembered until it
     * arrives, so a stack that falls this far behind would fill the benchmark's own heap (a soak whose
     * processor could not keep up ran the load generator's 1 GB out, and its numbers with it).
     */
    static final long MAX_FRAMES_IN_FLIGHT = 750_000;
    /** Every this-many'th client connects before memory is first read (a sample of the mix). */
    private static final int FIRST_BATCH_ONE_IN = 10;
    /** How the idle figures per connection are read, for the result file. */
    private static final String IDLE_MEMORY_HOW = "the gateway's JVM's (promo dev: the stack JVM's) VmRSS and metrics"
            + " with one client in " + FIRST_BATCH_ONE_IN + " connected and joined (they pay for what happens once: classes, compiled code, pools)"
            + " and with every client joined, no traffic,"
            + " heap after a full GC both times; the growth is divided by the connections in between. held = anonymous"
            + " resident memory outside the heap (RssAnon less the heap's resident pages in /proc/<pid>/smaps; VmRSS also"
            + " counts pages of mapped files, such as the embedded broker's log indexes) plus live heap: what"
            + " the connections hold; the live heap is the class histogram's total (collected and counted in one pause),"
            + " heap_after_gc the heap in use read by a later command, which also counts what the stack allocated in between."
            + " VmRSS also moves with the heap the JVM commits and touches meanwhile, which G1"
            + " decides by its own pacing, not by what the connections hold. CPU per connection: the gateway's event"
            + " loops' (upgrade, token checks, joins and their replies) and the whole stack JVM's (its background"
            + " included) while the measured connections connected and joined; each join carries the access token,"
            + " as supabase-js sends it";

    private final Plan plan;
    private final JavaCommand java;
    private final PrintStream out;
    private final Verification tally = new Verification();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong emptySteps = new AtomicLong();
    private volatile long writerMaxBehindNanos;
    private Audience audience;
    private VerifyingClient[] clients;

    public RealisticBenchmark(Plan plan, JavaCommand java, PrintStream out) {
        this.plan = plan;
        this.java = java;
        this.out = out;
    }

    /** Runs the benchmark, writes its results; returns whether every check passed. */
    public boolean run(Path resultsDir) throws Exception {
        Path home = Files.createTempDirectory("promo-bench-gateway");
        Files.createDirectories(resultsDir);
        // promo dev's gateway takes the public dev secret; a gateway apart is a production one with a secret of its own
        String jwtSecret = plan.servicesApart() ? RandomSecret.generate() : DevTokens.DEV_SECRET;
        audience = Audience.of(plan.connections(), jwtSecret, 42);
        Map<String, Object> planned = new LinkedHashMap<>();
        planned.put("connections", plan.connections());
        planned.put("rate_changes_per_s", plan.rate());
        planned.put("warm_up_s", plan.warmUp().toSeconds());
        planned.put("warm_up_until_jit_settles", plan.settleJit());
        planned.put("duration_s", plan.duration().toSeconds());
        planned.put("mix", audience.describe());
        planned.put("writes", "the traffic simulator's mix, one change per transaction: 10 coupon redemptions to 1 deal, "
                + "coupon or tag change (publish, pause, end, deal ending soon, new coupon, tag attached, detached, new tag); "
                + "redemptions and deals over the restaurants by a Zipf-like hotness (a few hot, most quiet)");
        planned.put("services_apart", plan.servicesApart());
        planned.put("gateway_java_options", plan.gatewayJavaOptions());
        ResultFile resultFile = ResultFile.begin(plan.benchmark(), planned);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("scenario", plan.soak() ? "realistic soak" : "realistic");
        results.put("load_average_at_start", PhaseMeter.loadAverage());
        out.printf("starting the stack (%d restaurants, %d customers), %s (machine load average %s)...%n",
                audience.restaurants(), audience.customers(), plan.servicesApart() ? "each service in its own JVM"
                        : "promo dev in one JVM", PhaseMeter.loadAverage());
        EventLoopGroup group = WebSocketDialer.group(CLIENT_THREADS);
        boolean clean;
        try (MeasuredStack dev = startStack(home, jwtSecret);
             Connection db = DriverManager.getConnection(dev.jdbcUrl(), dev.user(), dev.password())) {
            results.put("setup", dev.describe() + "; the clients (2 event loops) and the writer in the benchmark's JVM on the"
                    + " same machine; gateway caps per IP and per token raised for the run (all clients connect from"
                    + " 127.0.0.1); memory per connection, class histograms and the flight recording read in the gateway's"
                    + " JVM, CPU and JIT work summed over every JVM of the stack");
            results.put("stack_jvm_options", dev.jvmOptions());
            StackMemory memory = new StackMemory(dev, dev.opsUrl());
            long[] sentinelCoupons = sentinelCoupons(db);

            // One connection in FIRST_BATCH_ONE_IN first, so what a connection costs is measured on the other ones:
            // the first ones also pay for what happens once (classes loaded, code compiled, pools sized).
            connect(group, URI.create(dev.websocketUrl()), member -> member.index() % FIRST_BATCH_ONE_IN == 0);
            ConnectionCost cost = ConnectionCost.before(dev, memory);
            connect(group, URI.create(dev.websocketUrl()), member -> member.index() % FIRST_BATCH_ONE_IN != 0);
            Map<String, Object> idleMemory = cost.idle(plan.connections(), measuredConnections(), IDLE_MEMORY_HOW);
            results.put("memory_idle", idleMemory);

            TrafficSimulator simulator = TrafficSimulator.stepper(42, audience.restaurants(), audience.customers());
            String stopped = null;
            try {
                results.put("warm_up", warmUp(dev, db, simulator));
            } catch (FellBehind e) {
                stopped = "in the warm-up: " + e.getMessage();
            }

            long heapStart = plan.soak() ? dev.heapAfterGc() : -1;
            // what the live heap is made of at the start, so a soak's growth can be told by class
            ClassHistogram classesAtStart = plan.soak() ? ClassHistogram.read(dev.pid()) : null;
            out.printf("measuring: %s at %,d changes/s to %,d connections...%n", plan.duration(), plan.rate(),
                    plan.connections());
            List<Map<String, Object>> intervals = new ArrayList<>();
            PhaseMeter meter = plan.soak() ? null : PhaseMeter.start(dev, "realistic",
                    resultsDir.resolve("gateway-realistic.jfr"));
            ProcessorThreadMeter processorThreads = ProcessorThreadMeter.start(dev.processorMetricsUrl());
            long framesBefore = tally.frames.sum();
            long committedBefore = committed.get();
            double stackCpu = dev.cpuSeconds();
            Map<String, GcPauses> gcBefore = gcPauses(dev);
            long start = System.nanoTime();
            IntervalSampler sampler = new IntervalSampler(dev, memory, tally, out, plan.interval(), intervals);
            FellBehind fellBehind = null;
            sampler.start();
            try {
                if (stopped == null) {
                    write(db, simulator, plan.duration(), true, plan.rate());
                }
            } catch (FellBehind e) {
                fellBehind = e;
            } finally {
                sampler.stop();
            }
            if (fellBehind != null) {
                stopped = "after " + intervals.size() + " intervals: " + fellBehind.getMessage();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            StackMemory.Sample underTraffic = memory.read();
            Map<String, Object> measured = new LinkedHashMap<>();
            measured.put("changes_asked", plan.rate() * plan.duration().toSeconds());
            measured.put("changes_committed", committed.get() - committedBefore);
            measured.put("changes_per_s", Math.round((committed.get() - committedBefore) / wall));
            measured.put("writer_max_behind_schedule_ms", writerMaxBehindNanos / 1e6);
            measured.put("frames_per_s", Math.round((tally.frames.sum() - framesBefore) / wall));
            measured.put("cpu_cores_stack_jvm", BenchResults.round((dev.cpuSeconds() - stackCpu) / wall));
            Map<String, Object> gc = new LinkedHashMap<>();
            gcPauses(dev).forEach((jvm, now) -> gc.put(jvm, now.since(gcBefore.get(jvm))));
            measured.put("gc_pauses_by_jvm", gc);
            Map<String, Object> processor = processorThreads.lap();
            long changes = committed.get() - committedBefore;
            // what one committed change costs in records the processor writes (derived events, changelogs, repartitions)
            processor.put("records_written_per_change", changes == 0 ? null
                    : BenchResults.round(((Number) processor.get("records_written")).doubleValue() / changes));
            measured.put("processor_threads", processor);
            if (committed.get() > committedBefore) {
                results.put("measured", measured);
            }
            results.put("memory_under_traffic", cost.underTraffic(underTraffic, measuredConnections()));

            if (stopped == null) {
                out.println("barrier: one usage row per customer in one transaction, then waiting for every expected frame...");
                barrier(db, sentinelCoupons);
            } else {
                out.println("stopped " + stopped);
                results.put("stopped_early", stopped + " (no barrier: `lost` counts the frames still on their way)");
            }
            Map<String, Object> latency = tally.latency();
            results.put("latency", latency);
            if (meter != null) {
                results.put("cost", meter.stop(tally.frames.sum() - framesBefore));
            }
            results.put("intervals", intervals);
            Map<String, Object> checks = tally.checks();
            checks.put("lost_examples", samples(true));
            checks.put("unaccounted_examples", samples(false));
            results.put("checks", checks);
            clean = tally.clean() && stopped == null;
            tally.closing = true;
            if (plan.soak()) {
                long heapEnd = dev.heapAfterGc();
                Map<String, Object> soak = soakVerdict(heapStart, heapEnd, intervals);
                soak.put("heap_growth_by_class", ClassHistogram.read(dev.pid()).growthPerUnit(classesAtStart, 1, 15));
                results.put("soak", soak);
                clean &= Boolean.TRUE.equals(soak.get("passed"));
            }
            results.put("simulator_actions", simulatorCounts(simulator));
            results.put("passed", clean);
            results.put("load_average_at_end", PhaseMeter.loadAverage());
        } finally {
            tally.closing = true;
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            keepLogs(home, resultsDir, resultFile.benchmark());
            Directories.deleteQuietly(home);
        }
        print(results);
        resultFile.writeAndAnnounce(resultsDir, results, out);
        return clean;
    }

    /**
     * Writes at a {@link #RAMP_DIVISOR}th of the plan's rate in steps until the stack's JIT compiler
     * threads were nearly idle during one (at most {@link #MAX_RAMP_STEPS}), then at the plan's rate for
     * {@link Plan#warmUp()}, then on in steps until they were idle again (at most
     * {@link #MAX_SETTLING_STEPS}), then waits for the clients to receive what the warm-up wrote: the
     * measured run starts on compiled code and without the warm-up's backlog, as a steady-state benchmark
     * should (a cold JVM is {@code promo bench coldstart}'s subject). The ramp is there because at the
     * full rate the compiler threads get the cores last: runs that warmed at the full rate alone still
     * had thousands of methods queued for them after four minutes, and their work in the measured run.
     * Everything written here is checked like the rest, not timed.
     */
    private Map<String, Object> warmUp(MeasuredStack dev, Connection db, TrafficSimulator simulator) throws Exception {
        long start = System.nanoTime();
        int rampRate = Math.max(1, plan.rate() / RAMP_DIVISOR);
        out.printf("warm-up: at %,d changes/s until the stack's JIT settles, %d s at %,d changes/s, then on until it settles "
                + "again (checked, not timed)...%n", rampRate, plan.warmUp().toSeconds(), plan.rate());
        if (!plan.soak()) {
            // The measured run is flight-recorded. JFR's first start in a JVM instruments the JDK's I/O classes
            // for its events, which discards compiled code that inlined them and kept the JIT busy for the first
            // half minute of the measured run: a short recording here moves that into the warm-up.
            StackRecording.prime(dev);
        }
        List<Map<String, Object>> rampSteps = new ArrayList<>();
        boolean rampSettled = settle(dev, db, simulator, rampRate, plan.settleJit() ? MAX_RAMP_STEPS : 0, rampSteps);
        write(db, simulator, plan.warmUp(), false, plan.rate());
        List<Map<String, Object>> steps = new ArrayList<>();
        boolean settled = settle(dev, db, simulator, plan.rate(), plan.settleJit() ? MAX_SETTLING_STEPS : 0, steps);
        if (plan.settleJit() && !settled) {
            out.printf("  the stack's JIT compiler was still busy after %d steps: the measured run includes its work%n",
                    MAX_SETTLING_STEPS);
        }
        long inFlight = tally.outstanding.get();
        long drainStart = System.nanoTime();
        while (tally.outstanding.get() > 0 && System.nanoTime() - drainStart < MAX_DRAIN.toNanos()) {
            Thread.sleep(50);
        }
        Map<String, Object> warmUp = new LinkedHashMap<>();
        warmUp.put("seconds", BenchResults.round((System.nanoTime() - start) / 1e9));
        Map<String, Object> ramp = new LinkedHashMap<>();
        ramp.put("rate_changes_per_s", rampRate);
        ramp.putAll(settling(rampSettled, rampSteps));
        warmUp.put("ramp", !plan.settleJit() ? NOT_SETTLED_QUICK : ramp);
        warmUp.put("jit_settling", !plan.settleJit() ? NOT_SETTLED_QUICK : settling(settled, steps));
        warmUp.put("expected_frames_in_flight_when_writing_stopped", inFlight);
        warmUp.put("drain_s", BenchResults.round((System.nanoTime() - drainStart) / 1e9));
        warmUp.put("expected_frames_in_flight_at_measuring", tally.outstanding.get());
        return warmUp;
    }

    /** How one settling loop of the warm-up went, for the result. */
    private static Map<String, Object> settling(boolean settled, List<Map<String, Object>> steps) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("settled", settled);
        figures.put("below_compiler_cores", SETTLED_JIT_CORES);
        figures.put("step_s", SETTLING_STEP.toSeconds());
        figures.put("steps", steps);
        return figures;
    }

    /**
     * Writes at {@code rate} in steps of {@link #SETTLING_STEP} until the stack's JIT compiler threads used
     * less than {@link #SETTLED_JIT_CORES} in one, at most {@code maxSteps}; each step's figures go to
     * {@code steps}. Returns whether they did.
     */
    private boolean settle(MeasuredStack dev, Connection db, TrafficSimulator simulator, int rate, int maxSteps,
                           List<Map<String, Object>> steps) throws Exception {
        boolean settled = false;
        for (int i = 0; i < maxSteps && !settled; i++) {
            Map<ThreadCpu.Role, Double> before = ThreadCpu.summed(dev.pids(), ThreadCpu::byRole);
            long stepStart = System.nanoTime();
            write(db, simulator, SETTLING_STEP, false, rate);
            double seconds = (System.nanoTime() - stepStart) / 1e9;
            Map<ThreadCpu.Role, Double> used = ThreadCpu.between(before, ThreadCpu.summed(dev.pids(), ThreadCpu::byRole));
            double jit = used.get(ThreadCpu.Role.JIT) / seconds;
            double stack = used.values().stream().mapToDouble(Double::doubleValue).sum() / seconds;
            settled = jit < SETTLED_JIT_CORES;
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("jit_compiler_cores", BenchResults.round(jit));
            step.put("stack_cores", BenchResults.round(stack));
            step.put("jit_methods_queued", dev.compileQueueLength());
            step.put("expected_frames_in_flight", tally.outstanding.get());
            steps.add(step);
            out.printf("  settling the JIT at %,d changes/s (not timed): compiler %.2f cores of the stack's %.2f, %s methods "
                    + "queued for it, %,d frames in flight%n", rate, jit, stack, step.get("jit_methods_queued"),
                    tally.outstanding.get());
        }
        return settled;
    }

    /**
     * The collections of every JVM of the stack and of the load generator (this JVM: its pauses delay
     * the clients' reading, which the latency counts too), by name.
     */
    private static Map<String, GcPauses> gcPauses(MeasuredStack dev) throws IOException, InterruptedException {
        Map<String, GcPauses> pauses = new LinkedHashMap<>();
        for (Map.Entry<String, Long> jvm : dev.jvms().entrySet()) {
            pauses.put(jvm.getKey(), GcPauses.read(jvm.getValue()));
        }
        pauses.put("load_generator", GcPauses.read(ProcessHandle.current().pid()));
        return pauses;
    }

    /** promo dev with the audience's restaurants and customers, or the services apart. */
    private MeasuredStack startStack(Path home, String jwtSecret) throws Exception {
        if (plan.servicesApart()) {
            return ServicesApart.start(java, plan.stackJavaOptions(), plan.gatewayJavaOptions(), home,
                    DemoDataSeeder.Size.of(audience.restaurants(), audience.customers()), jwtSecret);
        }
        return DevProcess.start(new JavaCommand(java.javaBinary(), java.classPath(),
                        DevProcess.stackOptions(java, plan.stackJavaOptions())), home, true,
                Map.of("PROMO_DEV_DEMO_RESTAURANTS", String.valueOf(audience.restaurants()),
                        "PROMO_DEV_DEMO_CUSTOMERS", String.valueOf(audience.customers())));
    }

    /**
     * The stack's logs beside the results, {@code <benchmark>-<name>.log} (promo dev's is {@code -stack.log}):
     * what the stack said while it was measured, or why it failed.
     */
    private void keepLogs(Path home, Path resultsDir, String benchmark) {
        try (var logs = Files.list(home)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                String name = log.getFileName().toString().replaceFirst("\\.log$", "");
                name = name.equals("dev") ? "stack" : name;
                Files.copy(log, resultsDir.resolve(benchmark + "-" + name + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            out.println("could not keep the stack's logs: " + e);
        }
    }

    /** Connects the members {@code which} selects and waits until each has joined all its channels. */
    private void connect(EventLoopGroup group, URI uri, Predicate<Member> which) throws InterruptedException {
        List<Member> members = audience.members().stream().filter(which).toList();
        if (clients == null) {
            clients = new VerifyingClient[audience.members().size()];
        }
        Semaphore inFlight = new Semaphore(128);
        CountDownLatch joined = new CountDownLatch(members.size());
        out.printf("connecting %,d of the %,d clients (audience: %s)...%n", members.size(), audience.members().size(),
                audience.describe().entrySet().stream().limit(4).map(e -> e.getValue() + " " + e.getKey()).toList());
        for (Member member : members) {
            if (!inFlight.tryAcquire(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("clients stopped joining after " + member.index() + " of " + members.size()
                        + ": " + tally.checks().get("examples"));
            }
            VerifyingClient client = new VerifyingClient(member, tally, joined, inFlight::release);
            clients[member.index()] = client;
            client.onEarlyDrop(() -> dial(group, uri, client));
            dial(group, uri, client);
        }
        if (!joined.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException(joined.getCount() + " of " + members.size() + " clients did not join within 5 "
                    + "minutes: " + tally.checks().get("examples"));
        }
    }

    /** Opens the client's connection; one that drops or fails before its joins are answered is dialled again. */
    private static void dial(EventLoopGroup group, URI uri, VerifyingClient client) {
        WebSocketDialer.dial(group, uri, client.member().token(), client).addListener(f -> {
            if (!f.isSuccess()) {
                client.dialFailed(f.cause(), group.next());
            }
        });
    }

    /**
     * Commits the simulator's changes at the plan's rate for {@code length} of wall-clock time, one per
     * slot of the schedule (a step that writes nothing, such as a coupon at its limit, is retried in the
     * same slot), and registers each with the clients that should receive it. A writer that falls
     * behind keeps its schedule: each change's intended time is its slot's, however late it is sent,
     * and the run still ends on time (with fewer changes, which the results say).
     */
    private void write(Connection db, TrafficSimulator simulator, Duration length, boolean measured, int rate)
            throws Exception {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        for (long i = 0; start + i * interval < end && System.nanoTime() < end; i++) {
            long intended = start + i * interval;
            long now = SteadyRate.awaitDue(intended);
            writerMaxBehindNanos = Math.max(writerMaxBehindNanos, measured ? now - intended : 0);
            Optional<Change> change = Optional.empty();
            for (int attempt = 0; attempt < 50 && change.isEmpty(); attempt++) {
                change = simulator.step(db);
                if (change.isEmpty()) {
                    emptySteps.incrementAndGet();
                }
            }
            long commit = System.nanoTime();
            if (change.isEmpty()) {
                throw new IllegalStateException("the simulator wrote nothing in 50 steps: its coupons are used up");
            }
            route(change.get(), commit, intended, measured);
            if (tally.outstanding.get() > MAX_FRAMES_IN_FLIGHT) {
                throw new FellBehind(tally.outstanding.get());
            }
        }
    }

    /** The stack fell so far behind that the clients could no longer keep track of what they wait for. */
    private static final class FellBehind extends Exception {
        FellBehind(long inFlight) {
            super(String.format(Locale.ROOT, "%,d frames expected and not yet received (more than %,d): the "
                    + "stack did not keep up with the rate", inFlight, MAX_FRAMES_IN_FLIGHT));
        }
    }

    /** Registers a committed change with every client that should receive it, as a change and as a derived event. */
    private void route(Change change, long commit, long intended, boolean measured) {
        committed.incrementAndGet();
        String key = change.table() + ":" + change.key();
        Expected expected = new Expected(change.op(), commit, intended, Stream.CHANGE, measured);
        for (Member operator : audience.operators()) {
            clients[operator.index()].expect(key, expected);
        }
        boolean usage = change.table().equals("coupon_usage_log");
        if (change.restaurantId() != null && Audience.RESTAURANT_TABLES.contains(change.table())) {
            for (Member dashboard : audience.dashboards(change.restaurantId())) {
                clients[dashboard.index()].expect(key, expected);
                if (usage) {
                    clients[dashboard.index()].expect("coupon_redeemed:" + change.key(),
                            new Expected("coupon_redeemed", commit, intended, Stream.DERIVED, measured));
                }
            }
        }
        if (usage) {
            Member customer = audience.customer(change.customerId());
            if (customer != null) {
                clients[customer.index()].expect(key, expected);
                clients[customer.index()].expect("coupon_redeemed:" + change.key(),
                        new Expected("coupon_redeemed", commit, intended, Stream.DERIVED, measured));
            }
        }
    }

    /** One unlimited coupon per restaurant for the barrier's rows, created before any client connects. */
    private long[] sentinelCoupons(Connection db) throws SQLException {
        long[] coupons = new long[audience.restaurants() + 1];
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code,"
                + " discount_type, discount_value) VALUES (?, ?, 'amount', 1.00) RETURNING id")) {
            for (int r = 1; r <= audience.restaurants(); r++) {
                insert.setLong(1, r);
                insert.setString(2, "BENCH-BARRIER-" + r);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    coupons[r] = rs.getLong(1);
                }
            }
        }
        return coupons;
    }

    /**
     * Commits one usage row per customer (restaurants in turn, so every dashboard and operator gets
     * some) in one transaction after everything else, then waits until every client received every
     * change registered for it: frames for the earlier changes are in by then. It gives up when a
     * minute passes with nothing more arriving; what is missing then is lost.
     */
    private void barrier(Connection db, long[] coupons) throws Exception {
        long firstOrder = 9_000_000_000L;
        List<Change> rows = new ArrayList<>();
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id,"
                + " customer_id, order_id, discount_applied, order_total) VALUES (?, ?, ?, ?, 1.00, 20.00)")) {
            for (long c = 1; c <= audience.customers(); c++) {
                long restaurant = 1 + (c - 1) % audience.restaurants();
                long order = firstOrder + c;
                insert.setLong(1, coupons[(int) restaurant]);
                insert.setLong(2, restaurant);
                insert.setLong(3, c);
                insert.setLong(4, order);
                insert.addBatch();
                rows.add(new Change(TrafficSimulator.Action.REDEEM, "coupon_usage_log", "INSERT", String.valueOf(order),
                        restaurant, c));
            }
            long intended = System.nanoTime();
            insert.executeBatch();
            db.commit();
            long commit = System.nanoTime();
            for (Change row : rows) {
                route(row, commit, intended, false);
            }
        } finally {
            db.setAutoCommit(true);
        }
        long lastProgress = System.nanoTime();
        long last = tally.outstanding.get();
        // derived events can be minutes behind on a busy machine: wait while anything still arrives
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (tally.outstanding.get() > 0 && System.nanoTime() < deadline) {
            long now = tally.outstanding.get();
            if (now != last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(60).toNanos()) {
                break;
            }
            Thread.sleep(50);
        }
        out.printf("barrier: %,d expected frames still missing, %,d frames unaccounted for%n", tally.outstanding.get(),
                tally.unmatched.get());
    }

    private List<String> samples(boolean lost) {
        List<String> samples = new ArrayList<>();
        for (VerifyingClient client : clients) {
            String sample = lost ? client.pendingSample() : client.unmatchedSample();
            if (sample != null && samples.size() < 5) {
                samples.add(sample);
            }
        }
        return samples;
    }

    /** The connections that came between the two idle memory readings. */
    private int measuredConnections() {
        return (int) audience.members().stream().filter(m -> m.index() % FIRST_BATCH_ONE_IN != 0).count();
    }

    /** Leak and drift: live heap after full GCs, resident memory outside the heap, p99 early and late. */
    private Map<String, Object> soakVerdict(long heapStart, long heapEnd, List<Map<String, Object>> intervals) {
        Map<String, Object> soak = new LinkedHashMap<>();
        long heapGrowth = heapEnd - heapStart;
        boolean heapLeak = heapGrowth > LEAK_HEAP_BYTES + heapStart / 10;
        soak.put("heap_after_full_gc_start_mb", StackMemory.mb(heapStart));
        soak.put("heap_after_full_gc_end_mb", StackMemory.mb(heapEnd));
        soak.put("heap_leak", heapLeak);
        List<Double> outside = intervals.stream().map(i -> ((Number) i.get("rss_outside_heap_mb")).doubleValue()).toList();
        double nativeGrowthMb = outside.isEmpty() ? 0 : outside.get(outside.size() - 1) - outside.get(outside.size() / 2);
        boolean nativeLeak = nativeGrowthMb * 1_048_576 > LEAK_NATIVE_BYTES;
        soak.put("rss_outside_heap_growth_second_half_mb", Math.round(nativeGrowthMb * 10) / 10.0);
        soak.put("native_leak", nativeLeak);
        List<Double> p99 = intervals.stream().map(i -> ((Number) i.get("p99_ms")).doubleValue()).toList();
        double early = median(p99.subList(0, Math.min(5, p99.size())));
        double late = median(p99.subList(Math.max(0, p99.size() - 5), p99.size()));
        boolean drift = late > 2 * early && late > 50;
        soak.put("p99_first_five_intervals_median_ms", early);
        soak.put("p99_last_five_intervals_median_ms", late);
        soak.put("latency_drift", drift);
        soak.put("rules", "leak: live heap after a full GC grows by more than 32 MB + 10% from start to end, or resident "
                + "memory outside the heap by more than 64 MB over the second half; drift: median p99 of the last five "
                + "intervals above twice that of the first five and above 50 ms");
        soak.put("passed", !heapLeak && !nativeLeak && !drift);
        return soak;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static Map<String, Object> simulatorCounts(TrafficSimulator simulator) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (TrafficSimulator.Action action : TrafficSimulator.Action.values()) {
            counts.put(action.name().toLowerCase(Locale.ROOT), simulator.count(action));
        }
        return counts;
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> results) {
        Map<String, Object> latency = (Map<String, Object>) results.get("latency");
        Map<String, Object> change = (Map<String, Object>) latency.get("change_commit_to_client");
        Map<String, Object> intended = (Map<String, Object>) latency.get("change_intended_to_client");
        Map<String, Object> derived = (Map<String, Object>) latency.get("derived_coupon_redeemed_commit_to_client");
        Map<String, Object> checks = (Map<String, Object>) results.get("checks");
        Map<String, Object> idle = (Map<String, Object>) results.get("memory_idle");
        Map<String, Object> traffic = (Map<String, Object>) results.get("memory_under_traffic");
        out.println();
        out.printf("gateway benchmark, realistic (%,d connections, %,d changes/s; stack and clients on %d cores)%n",
                plan.connections(), plan.rate(), Runtime.getRuntime().availableProcessors());
        out.println("| figure | result | target |");
        out.println("|---|---|---|");
        out.printf("| change, commit -> client | p50 %s ms, p99 %s ms, p99.9 %s ms, max %s ms (%,d frames) | p99 <= 50 ms |%n",
                change.get("p50_ms"), change.get("p99_ms"), change.get("p99_9_ms"), change.get("max_ms"), change.get("samples"));
        out.printf("| change, intended send -> client | p50 %s ms, p99 %s ms, p99.9 %s ms | |%n", intended.get("p50_ms"),
                intended.get("p99_ms"), intended.get("p99_9_ms"));
        out.printf("| coupon_redeemed broadcast, commit -> client | p50 %s ms, p99 %s ms, p99.9 %s ms (%,d frames) | |%n",
                derived.get("p50_ms"), derived.get("p99_ms"), derived.get("p99_9_ms"), derived.get("samples"));
        out.printf("| lost / duplicated / foreign | %s / %s / %s (of %,d frames) | 0 / 0 / 0 |%n", checks.get("lost"),
                checks.get("duplicated_or_unaccounted"), checks.get("foreign"), checks.get("frames_received"));
        out.printf("| memory per idle connection | held %,d bytes (outside the heap %,d; heap after GC %,d; direct %,d);"
                        + " VmRSS growth %,d bytes | <= 20 KB |%n",
                idle.get("held_bytes_per_connection"), idle.get("rss_outside_heap_bytes_per_connection"),
                idle.get("heap_after_gc_bytes_per_connection"), idle.get("direct_bytes_per_connection"),
                idle.get("rss_bytes_per_connection"));
        out.printf("| RSS per connection under traffic | %,d bytes (outside the heap %,d; direct %,d) | |%n",
                traffic.get("rss_bytes_per_connection"), traffic.get("rss_outside_heap_bytes_per_connection"),
                traffic.get("direct_bytes_per_connection"));
        if (results.containsKey("soak")) {
            out.println("soak: " + results.get("soak"));
        }
        out.printf("checks: %s%nload average %s at start, %s at end; %s%n", checks, results.get("load_average_at_start"),
                results.get("load_average_at_end"), Boolean.TRUE.equals(results.get("passed")) ? "PASSED" : "FAILED");
    }
}
