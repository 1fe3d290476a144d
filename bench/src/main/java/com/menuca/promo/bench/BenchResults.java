package com.menuca.promo.bench;

import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Writes a benchmark's results to {@code bench-results/<name>.json}, with the machine and the time. */
public final class BenchResults {
    private BenchResults() {
    }

    public static Path write(Path directory, String name, Map<String, Object> results) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", name);
        document.put("finished_at", Instant.now().toString());
        document.put("machine", BenchMachine.describe());
        document.putAll(results);
        Path file = directory.resolve(name + ".json");
        Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        return file;
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
