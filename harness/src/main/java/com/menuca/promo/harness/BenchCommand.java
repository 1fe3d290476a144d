package com.menuca.promo.harness;

import com.menuca.promo.bench.CaptureBenchmark;
import com.menuca.promo.bench.DeriveBenchmark;
import com.menuca.promo.bench.compare.NotifyComparisonBenchmark;
import com.menuca.promo.bench.report.BenchReport;
import com.menuca.promo.bench.faults.FaultOutcome;
import com.menuca.promo.bench.faults.FaultSuite;
import com.menuca.promo.infra.process.JavaCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code promo bench NAME|all}: runs benchmarks on a fresh embedded stack and writes their results. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark on a fresh embedded stack; prints a table and writes bench-results/NAME.json.",
            "Benchmarks: capture, derive (stream processor), coldstart (a fresh processor JVM at 1,000 redemptions/s), gateway, notify (side by side with the pg_notify design), faults (the",
            "fault suite).",
            "`all` runs every one; `report` only rewrites bench-results/report.html (every run rewrites it from all results)."})
final class BenchCommand implements Callable<Integer> {
    static final List<String> BENCHMARKS = List.of("capture", "derive", "coldstart", "gateway", "notify", "faults");

    @Parameters(paramLabel = "NAME", description = "capture, derive, coldstart, gateway, notify, faults, all or report")
    String name;

    @Option(names = "--scenario", paramLabel = "NAME", description = "gateway: realistic (default: every connection active "
            + "with its own subscriptions, every frame checked; gateway.json, or gateway-soak.json with --duration of 10m or "
            + "more) or shared-burst (idle connections, one shared channel, 1,000-row bursts; gateway-shared-burst.json).")
    String scenario = "realistic";

    @Option(names = "--connections", paramLabel = "N", description = "gateway: WebSocket connections (default 10000).")
    int connections = com.menuca.promo.bench.gateway.GatewayBenchmark.Plan.DEFAULT.connections();

    @Option(names = "--subscribers", paramLabel = "M", description = "gateway shared-burst: connections that subscribe to changes (default 1000).")
    int subscribers = com.menuca.promo.bench.gateway.GatewayBenchmark.Plan.DEFAULT.subscribers();

    @Option(names = "--rate", paramLabel = "ROWS", description = "gateway: committed changes per second (default 1000).")
    int rate = com.menuca.promo.bench.gateway.GatewayBenchmark.Plan.DEFAULT.rate();

    @Option(names = "--duration", paramLabel = "TIME", description = "gateway realistic: the measured run (default 60s; "
            + "10m or more is a soak, reported per minute and failed by a leak or latency drift), e.g. 30m.")
    String duration = "60s";

    @Option(names = "--stack-java-options", paramLabel = "OPTIONS",
            description = "gateway: extra JVM options of the measured stack's JVM (with --services-apart: of each service's), space-separated (e.g. \"-XX:+UseZGC\").")
    String stackJavaOptions = "";

    @Option(names = "--services-apart", description = "gateway realistic: run the capture, the stream processor, the "
            + "gateway and the broker each in a JVM of its own with its manifest's heap, as deployed, instead of promo dev's"
            + " one JVM (gateway-apart.json).")
    boolean servicesApart;

    @Option(names = "--gateway-java-options", paramLabel = "OPTIONS", description = "gateway realistic with "
            + "--services-apart: extra JVM options of the gateway's JVM only, after --stack-java-options (e.g. \"-XX:+UseZGC\").")
    String gatewayJavaOptions = "";

    @Option(names = "--with-processor", description = "gateway: also run the stream processor in the measured stack "
            + "(it then competes with the gateway for the machine's cores).")
    boolean withProcessor;

    @Option(names = "--out", paramLabel = "DIR", description = "Results directory (default bench-results).")
    Path out = Path.of("bench-results");

    @Option(names = "--brokers", paramLabel = "N",
            description = "faults: run against a cluster of N broker processes (3: RF 3, min ISR 2), adding a check that "
                    + "kills a broker and a gateway together (default 1).")
    int brokers = 1;

    @Option(names = "--phase-seconds", paramLabel = "S", description = "notify: length of each throughput phase "
            + "(default 60; shorter runs are labelled shortened, NAME-shortened.json).")
    int phaseSeconds = (int) NotifyComparisonBenchmark.Plan.FULL_PHASE.toSeconds();

    @Option(names = "--writers", paramLabel = "N[,N...]", split = ",", description = "notify: the writer counts to measure "
            + "(default 1,8,32,64; fewer make full-length phases affordable, the result file is then named for them, "
            + "NAME-writers-32.json).")
    List<Integer> writers = NotifyComparisonBenchmark.Plan.DEFAULT.writerCounts();

    @Option(names = "--fsync", paramLabel = "on|off", description = "capture, notify: run PostgreSQL with fsync on (as in "
            + "production) or off (the embedded default); the result file is then NAME-fsync-on.json (default off).")
    String fsync = "off";

    @Option(names = "--variants", paramLabel = "NAMES", split = ",", description = "coldstart: the variants to run, "
            + "in this order (default: all: default, warmup, warmup-30s, warmup-30s-4-compilers, warmup-30s-2-threads, warmup-2-threads, appcds, warmup-appcds, c1-only, appcds-c1-only), e.g. default,warmup.")
    List<String> variants = List.of();

    @Option(names = "--quick", description = "Short phases (a smoke run; numbers are not comparable with full runs).")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        List<String> selected = switch (name) {
            case "all" -> BENCHMARKS;
            case "report" -> List.of();
            default -> List.of(name);
        };
        boolean lostSomething = false;
        for (String benchmark : selected) {
            switch (benchmark) {
                case "capture" -> new CaptureBenchmark(CaptureBenchmark.Plan.DEFAULT.withFsync(fsyncOn()), System.out).run(out);
                case "derive" -> new DeriveBenchmark(DeriveBenchmark.Plan.DEFAULT, System.out).run(out);
                case "coldstart" -> new com.menuca.promo.bench.ColdStartBenchmark(variants.isEmpty()
                        ? com.menuca.promo.bench.ColdStartBenchmark.Plan.DEFAULT
                        : com.menuca.promo.bench.ColdStartBenchmark.Plan.DEFAULT.withVariants(variants),
                        JavaCommand.current(), System.out).run(out);
                case "gateway" -> {
                    if (scenario.equals("realistic")) {
                        lostSomething |= !new com.menuca.promo.bench.gateway.RealisticBenchmark(realisticPlan(),
                                JavaCommand.current(), System.out).run(out);
                    } else if (scenario.equals("shared-burst")) {
                        new com.menuca.promo.bench.gateway.GatewayBenchmark(gatewayPlan(), JavaCommand.current(), System.out)
                                .run(out);
                    } else {
                        throw new IllegalArgumentException("unknown --scenario '" + scenario + "'; expected realistic or shared-burst");
                    }
                }
                case "notify" -> new NotifyComparisonBenchmark((quick ? NotifyComparisonBenchmark.Plan.QUICK
                        : NotifyComparisonBenchmark.Plan.DEFAULT.withThroughputPhase(java.time.Duration.ofSeconds(phaseSeconds))
                                .withWriterCounts(writers))
                        .withFsync(fsyncOn()), System.out).run(out);
                case "faults" -> lostSomething |= !new FaultSuite((quick ? FaultSuite.Plan.QUICK : FaultSuite.Plan.DEFAULT).onCluster(brokers),
                        JavaCommand.current(), System.out)
                        .run(out).stream().allMatch(FaultOutcome::lostNothing);
                default -> throw new IllegalArgumentException("unknown benchmark '" + benchmark + "'; expected one of "
                        + String.join(", ", BENCHMARKS) + " or all");
            }
        }
        java.nio.file.Files.createDirectories(out);
        System.out.println("report: " + BenchReport.write(out));
        // A fault check or realistic gateway run that lost, duplicated or misrouted a row (or leaked, in a soak)
        // is a failure of the product, not just a number.
        return lostSomething ? 1 : 0;
    }

    private boolean fsyncOn() {
        return switch (fsync) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--fsync must be on or off, not '" + fsync + "'");
        };
    }

    private com.menuca.promo.bench.gateway.RealisticBenchmark.Plan realisticPlan() {
        var defaults = com.menuca.promo.bench.gateway.RealisticBenchmark.Plan.DEFAULT;
        java.time.Duration measured = com.menuca.promo.common.config.ValueParser.DURATION.parse(duration);
        if (connections < 10 || rate < 1 || measured.toSeconds() < 10) {
            throw new IllegalArgumentException("--connections must be at least 10, --rate at least 1, --duration at least 10s");
        }
        return new com.menuca.promo.bench.gateway.RealisticBenchmark.Plan(connections, rate, measured, quick
                ? java.time.Duration.ofSeconds(10) : defaults.warmUp(), !quick && defaults.settleJit(),
                options(stackJavaOptions), servicesApart, options(gatewayJavaOptions));
    }

    private com.menuca.promo.bench.gateway.GatewayBenchmark.Plan gatewayPlan() {
        var defaults = com.menuca.promo.bench.gateway.GatewayBenchmark.Plan.DEFAULT;
        if (subscribers < 100 || subscribers > connections || rate < 1) {
            throw new IllegalArgumentException("--subscribers must be from 100 to --connections, --rate at least 1");
        }
        return new com.menuca.promo.bench.gateway.GatewayBenchmark.Plan(connections, subscribers, rate,
                defaults.duration(), defaults.burst(), defaults.bursts(), defaults.warmUp(),
                options(stackJavaOptions), withProcessor);
    }

    /** JVM options given as one space-separated argument. */
    private static List<String> options(String spaceSeparated) {
        return spaceSeparated.isBlank() ? List.of() : List.of(spaceSeparated.trim().split("\\s+"));
    }
}
