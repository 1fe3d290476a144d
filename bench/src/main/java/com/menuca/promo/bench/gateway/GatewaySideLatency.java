package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's own view of delivery latency, from its histograms: {@code
 * promo_gateway_delivery_latency_seconds} (commit in PostgreSQL to the frame written to the socket)
 * and {@code promo_gateway_feed_latency_seconds} (the feed's poll of the record to the write). Read
 * before and after a phase, they split the client-measured latency into capture and Kafka (commit to
 * poll), the gateway (poll to write), and the socket to the client.
 */
final class GatewaySideLatency {
    static final String COMMIT_TO_WRITE = "promo_gateway_delivery_latency_seconds";
    static final String POLL_TO_WRITE = "promo_gateway_feed_latency_seconds";

    private final URI metrics;
    private final Pattern bucket;

    /** @param opsUrl the gateway's ops endpoint ({@code http://host:<gateway.ops.port>}) */
    GatewaySideLatency(String opsUrl, String histogram) {
        this.metrics = StackMetrics.at(opsUrl);
        this.bucket = Pattern.compile("^" + histogram + "_bucket\\{.*le=\"([^\"]+)\".*} ([0-9.eE+]+)$", Pattern.MULTILINE);
    }

    /** Cumulative count per bucket upper bound (seconds; +Inf as infinity). */
    Map<Double, Double> read() throws IOException, InterruptedException {
        return buckets(StackMetrics.read(metrics));
    }

    /** {@link #read()} from a {@code /metrics} text already fetched, so that one fetch serves several histograms. */
    Map<Double, Double> buckets(String text) {
        Map<Double, Double> buckets = new TreeMap<>();
        Matcher m = bucket.matcher(text);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        return buckets;
    }

    /** p50 and p99 (bucket bounds, ms) of the writes between two reads, and where they come from. */
    static Map<String, Object> summary(Map<Double, Double> before, Map<Double, Double> after, String source) {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("p50_ms_at_most", percentileMillis(before, after, 50));
        summary.put("p99_ms_at_most", percentileMillis(before, after, 99));
        summary.put("source", source);
        return summary;
    }

    /**
     * The bucket bound (ms) under which {@code percentile} of the writes between two reads fall: an
     * upper estimate, as fine as the histogram's buckets. The gateway records one write per batch of
     * frames of the same commit, not one per frame.
     */
    static double percentileMillis(Map<Double, Double> before, Map<Double, Double> after, double percentile) {
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return -1;
        }
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count >= total * percentile / 100.0) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
