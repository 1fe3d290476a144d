package com.menuca.promo.launcher;

import com.menuca.promo.bench.CaptureBenchmark;
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
            "Benchmarks: capture, faults (the fault suite). `all` runs every one."})
final class BenchCommand implements Callable<Integer> {
    static final List<String> BENCHMARKS = List.of("capture", "faults");

    @Parameters(paramLabel = "NAME", description = "capture, faults or all")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "Results directory (default bench-results).")
    Path out = Path.of("bench-results");

    @Override
    public Integer call() throws Exception {
        List<String> selected = "all".equals(name) ? BENCHMARKS : List.of(name);
        boolean lostSomething = false;
        for (String benchmark : selected) {
            switch (benchmark) {
                case "capture" -> new CaptureBenchmark(CaptureBenchmark.Plan.DEFAULT, System.out).run(out);
                case "faults" -> lostSomething |= !new FaultSuite(FaultSuite.Plan.DEFAULT, JavaCommand.current(), System.out)
                        .run(out).stream().allMatch(FaultOutcome::lostNothing);
                default -> throw new IllegalArgumentException("unknown benchmark '" + benchmark + "'; expected one of "
                        + String.join(", ", BENCHMARKS) + " or all");
            }
        }
        // A fault check that lost a committed row is a failure of the product, not just a number.
        return lostSomething ? 1 : 0;
    }
}
