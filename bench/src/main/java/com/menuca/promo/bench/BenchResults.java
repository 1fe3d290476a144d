package com.menuca.promo.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Helpers for benchmark results; {@link ResultFile} writes them with the run's context. */
public final class BenchResults {
    private BenchResults() {
    }

    /**
     * Writes {@code <directory>/<name>.json} with the run's context as {@link ResultFile} does, for a
     * benchmark that did not {@link ResultFile#begin begin} one: its start is taken to be the JVM's and
     * its load is sampled only at the end. Prefer {@link ResultFile#begin}.
     */
    public static Path write(Path directory, String name, Map<String, Object> results) throws IOException {
        return ResultFile.sinceJvmStart(name).write(directory, results);
    }

    /** A measured value kept to three decimals in results. */
    public static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** Percentiles of a latency histogram recorded in microseconds, as milliseconds. */
    public static Map<String, Object> latencyMillis(Histogram micros) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("samples", micros.getTotalCount());
        latency.put("p50_ms", micros.getValueAtPercentile(50) / 1000.0);
        latency.put("p95_ms", micros.getValueAtPercentile(95) / 1000.0);
        latency.put("p99_ms", micros.getValueAtPercentile(99) / 1000.0);
        latency.put("max_ms", micros.getMaxValue() / 1000.0);
        return latency;
    }
}
