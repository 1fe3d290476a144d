package com.menuca.promo.bench.compare;

import com.menuca.promo.bench.BenchResults;
import com.menuca.promo.bench.client.Arrivals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Commit-to-client latency of a writer run as JSON: percentiles, a histogram (for the report's
 * chart), a timeline of commits, arrivals and p99 per window, and what never arrived.
 */
final class LatencyReport {
    /** Upper bounds of the histogram buckets, ms. */
    private static final double[] BUCKETS_MS = {0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500,
        750, 1000, 2000, 5000, 10000, 30000};
    private static final long WINDOW_NANOS = 250_000_000L;

    private LatencyReport() {
    }

    static Map<String, Object> of(WriterLoad.Result run, Arrivals arrivals) {
        Histogram micros = new Histogram(3_600_000_000L, 3);
        long[] bucketCounts = new long[BUCKETS_MS.length + 1];
        long missing = 0;
        long lastArrival = 0;
        long lastCommit = 0;
        int windows = (int) Math.ceil(run.seconds() * 1e9 / WINDOW_NANOS) + 1;
        long[] committedPerWindow = new long[windows];
        List<Histogram> windowLatency = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            windowLatency.add(new Histogram(3_600_000_000L, 2));
        }
        for (Map.Entry<Long, Long> commit : run.committedAtNanos().entrySet()) {
            lastCommit = Math.max(lastCommit, commit.getValue());
            int window = (int) Math.min(windows - 1, Math.max(0, (commit.getValue() - run.startNanos()) / WINDOW_NANOS));
            committedPerWindow[window]++;
            Long arrived = arrivals.arrivedAt(commit.getKey());
            if (arrived == null) {
                missing++;
                continue;
            }
            lastArrival = Math.max(lastArrival, arrived);
            long latency = Math.max(0, (arrived - commit.getValue()) / 1_000);
            micros.recordValue(latency);
            windowLatency.get(window).recordValue(latency);
            double ms = latency / 1000.0;
            int b = 0;
            while (b < BUCKETS_MS.length && ms > BUCKETS_MS[b]) {
                b++;
            }
            bucketCounts[b]++;
        }
        Map<String, Object> report = new LinkedHashMap<>(BenchResults.latencyMillis(micros));
        report.put("missing", missing);
        report.put("drain_after_last_commit_ms", lastArrival == 0 ? null : Math.max(0, (lastArrival - lastCommit) / 1e6));
        List<Map<String, Object>> histogram = new ArrayList<>();
        for (int b = 0; b <= BUCKETS_MS.length; b++) {
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("le_ms", b < BUCKETS_MS.length ? BUCKETS_MS[b] : null);
            bucket.put("count", bucketCounts[b]);
            histogram.add(bucket);
        }
        report.put("histogram_ms", histogram);
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("t_s", w * WINDOW_NANOS / 1e9);
            point.put("committed_per_s", committedPerWindow[w] * 1e9 / WINDOW_NANOS);
            Histogram h = windowLatency.get(w);
            point.put("p99_ms", h.getTotalCount() == 0 ? null : h.getValueAtPercentile(99) / 1000.0);
            timeline.add(point);
        }
        report.put("timeline", timeline);
        return report;
    }
}
