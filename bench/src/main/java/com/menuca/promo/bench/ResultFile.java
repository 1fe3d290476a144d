package com.menuca.promo.bench;

import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark run's result file: what was measured together with everything needed to judge it, so
 * a number is never read without its context.
 *
 * <pre>{@code
 * ResultFile run = ResultFile.begin("capture", Map.of("writers", 64));   // before any work
 * ... measure ...
 * run.write(resultsDir, results);   // <resultsDir>/capture.json
 * }</pre>
 *
 * <p>Besides the benchmark's own {@code results}, the file holds (top-level keys):
 * {@code benchmark}; {@code started_at}, {@code finished_at}, {@code duration_s}; {@code command}
 * (main class, arguments, JVM options, working directory); {@code options} (the benchmark's resolved
 * plan, as given to {@link #begin}); {@code source} (git commit and whether the work tree was dirty);
 * {@code machine} (cores, memory, CPU model, OS, JVM); {@code load} (load averages at start and end,
 * the highest 1-minute load average sampled during the run, and how busy the machine's CPUs were
 * against this JVM's own use). A result file under {@code docs/benchmarks/} is what
 * {@code docs/performance.md} quotes.
 */
public final class ResultFile {
    private final String benchmark;
    private final Object options;
    private final Instant startedAt;
    private final long startedNanos;
    private final LoadSampler load;
    /** Read when the run starts: the code that runs is what was checked out then, whatever is edited meanwhile. */
    private final Map<String, Object> source;

    private ResultFile(String benchmark, Object options, Instant startedAt, long startedNanos, LoadSampler load) {
        this.benchmark = benchmark;
        this.options = options;
        this.startedAt = startedAt;
        this.startedNanos = startedNanos;
        this.load = load;
        this.source = RunEnvironment.source();
    }

    /**
     * Starts a run: notes the time and the machine's load now, and samples the load until {@link #write}.
     *
     * @param benchmark the file's name without {@code .json} ({@code capture}, {@code notify-fsync-on})
     * @param options   the run's resolved options (phase lengths, rates, variants), serialised as JSON; may be null
     */
    public static ResultFile begin(String benchmark, Object options) {
        Objects.requireNonNull(benchmark, "benchmark");
        return new ResultFile(benchmark, options, Instant.now(), System.nanoTime(), LoadSampler.start());
    }

    /** For a benchmark that did not call {@link #begin}: the run is taken to have started with the JVM. */
    static ResultFile sinceJvmStart(String benchmark) {
        Instant jvmStart = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        long nanos = System.nanoTime() - Duration.between(jvmStart, Instant.now()).toNanos();
        return new ResultFile(benchmark, null, jvmStart, nanos, LoadSampler.late());
    }

    public String benchmark() {
        return benchmark;
    }

    /** {@link #write}s the file and tells the user where it is: how every benchmark's run ends. */
    public Path writeAndAnnounce(Path directory, Map<String, Object> results, PrintStream out) throws IOException {
        Path file = write(directory, results);
        out.println("results written to " + file);
        return file;
    }

    /**
     * Writes {@code <directory>/<benchmark>.json}: the run's context, then {@code results} (whose keys must
     * not collide with the context's).
     *
     * @return the file written
     */
    public Path write(Path directory, Map<String, Object> results) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", benchmark);
        document.put("started_at", startedAt.toString());
        document.put("finished_at", Instant.now().toString());
        document.put("duration_s", BenchResults.round((System.nanoTime() - startedNanos) / 1e9));
        document.put("command", RunEnvironment.command());
        document.put("options", options);
        document.put("source", source);
        document.put("machine", BenchMachine.describe());
        document.put("load", load.finish());
        for (Map.Entry<String, Object> entry : results.entrySet()) {
            if (document.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("result key '" + entry.getKey() + "' is reserved for the run's context");
            }
            document.put(entry.getKey(), entry.getValue());
        }
        Files.createDirectories(directory);
        Path file = directory.resolve(benchmark + ".json");
        Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        return file;
    }
}
