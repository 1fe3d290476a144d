package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Where the stream processor's threads spend a phase, from Kafka Streams' and its producer's own
 * metrics in the stack's {@code /metrics}: how many records and commits, how long the threads were
 * blocked, and how much of that was a commit waiting for the broker (flushing the producer, sending the
 * consumed offsets, ending the transaction), and what its producers wrote, by topic. Why: on a
 * saturated machine the stream thread's CPU time does not say whether it is short of a core or waiting
 * for the broker's answer; these do. Polls and fetches say how many records each turn of the thread's loop
 * and each request to the broker carried. The records written by topic say what each change costs the
 * broker and the producers beyond the events it derives (changelogs of the state stores, repartitions).
 */
final class ProcessorThreadMeter {
    /** Only the stream threads' own clients and metrics (not the gateway's or the capture's). */
    private static final String STREAM_THREAD = "-StreamThread-";

    /** Counters read at both ends of the phase, and the name each has in the result. */
    private static final Map<String, String> COUNTERS = orderedOf(
            "kafka_stream_thread_process_total", "records_processed",
            "kafka_stream_thread_commit_total", "commits",
            "kafka_stream_thread_punctuate_total", "punctuations",
            "kafka_stream_thread_poll_total", "polls",
            "kafka_consumer_fetch_manager_fetch_total", "fetches",
            "kafka_stream_thread_blocked_time_ns_total", "blocked_ns",
            "kafka_producer_flush_time_ns_total", "producer_flush_ns",
            "kafka_producer_txn_send_offsets_time_ns_total", "txn_send_offsets_ns",
            "kafka_producer_txn_commit_time_ns_total", "txn_commit_ns");
    /** Ratios of the threads' time, as Kafka Streams averages them over its own recent window. */
    private static final List<String> RATIOS = List.of("process", "punctuate", "commit", "poll");

    /** Records the stream threads' producers sent to each topic so far. */
    private static final String RECORDS_SENT = "kafka_producer_topic_record_send_total";

    private final URI metrics;
    private Map<String, Double> atStart;
    private Map<String, Double> writtenAtStart;
    private long startNanos;

    private ProcessorThreadMeter(URI metrics, String text) {
        this.metrics = metrics;
        this.atStart = streamThreadSums(text);
        this.writtenAtStart = writtenByTopic(text);
        this.startNanos = System.nanoTime();
    }

    /** @param opsUrl the stack's ops endpoint, whose {@code /metrics} has every component's meters */
    static ProcessorThreadMeter start(String opsUrl) throws IOException, InterruptedException {
        URI uri = StackMetrics.at(opsUrl);
        return new ProcessorThreadMeter(uri, StackMetrics.read(uri));
    }

    /**
     * The figures since the start or the last lap: per second of wall time, and what one commit took on
     * average. The next lap starts now.
     */
    Map<String, Object> lap() throws IOException, InterruptedException {
        long now = System.nanoTime();
        double wall = (now - startNanos) / 1e9;
        String text = StackMetrics.read(metrics);
        Map<String, Double> atEnd = streamThreadSums(text);
        Map<String, Double> writtenAtEnd = writtenByTopic(text);
        Map<String, Object> figures = figures(atStart, atEnd, wall, ratios(text));
        figures.putAll(written(writtenAtStart, writtenAtEnd, wall));
        atStart = atEnd;
        writtenAtStart = writtenAtEnd;
        startNanos = now;
        return figures;
    }

    static Map<String, Object> figures(Map<String, Double> start, Map<String, Double> end, double wallSeconds,
                                       Map<String, Double> ratios) {
        Map<String, Double> delta = new LinkedHashMap<>();
        COUNTERS.values().forEach(name -> delta.put(name, end.getOrDefault(name, 0.0) - start.getOrDefault(name, 0.0)));
        double commits = delta.get("commits");
        double commitWaitNs = delta.get("producer_flush_ns") + delta.get("txn_send_offsets_ns") + delta.get("txn_commit_ns");
        // nanoseconds spent over the phase, as seconds per second of wall time
        DoubleUnaryOperator secondsPerSecond = ns -> PhaseMeter.round(ns / 1e9 / wallSeconds, 3);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("records_processed_per_s", PhaseMeter.round(delta.get("records_processed") / wallSeconds, 1));
        figures.put("commits_per_s", PhaseMeter.round(commits / wallSeconds, 2));
        figures.put("punctuations_per_s", PhaseMeter.round(delta.get("punctuations") / wallSeconds, 2));
        // Every poll is one turn of the stream thread's loop, whose fixed cost (Kafka Streams' bookkeeping) is
        // paid however few records the poll brought.
        double polls = delta.get("polls");
        figures.put("polls_per_s", PhaseMeter.round(polls / wallSeconds, 1));
        figures.put("records_processed_per_poll", polls <= 0 ? null : PhaseMeter.round(delta.get("records_processed") / polls, 2));
        figures.put("consumer_fetches_per_s", PhaseMeter.round(delta.get("fetches") / wallSeconds, 1));
        figures.put("blocked_s_per_s", secondsPerSecond.applyAsDouble(delta.get("blocked_ns")));
        figures.put("commit_waiting_for_broker_s_per_s", secondsPerSecond.applyAsDouble(commitWaitNs));
        figures.put("commit_waiting_for_broker_ms_per_commit", commits <= 0 ? null
                : PhaseMeter.round(commitWaitNs / 1e6 / commits, 2));
        Map<String, Object> waits = new LinkedHashMap<>();
        waits.put("producer_flush", secondsPerSecond.applyAsDouble(delta.get("producer_flush_ns")));
        waits.put("send_offsets_to_transaction", secondsPerSecond.applyAsDouble(delta.get("txn_send_offsets_ns")));
        waits.put("commit_transaction", secondsPerSecond.applyAsDouble(delta.get("txn_commit_ns")));
        figures.put("commit_waiting_for_broker_s_per_s_by_step", waits);
        Map<String, Object> shares = new LinkedHashMap<>();
        ratios.forEach((name, value) -> shares.put(name, PhaseMeter.round(value, 3)));
        figures.put("time_ratio_at_end", shares);
        return figures;
    }

    /**
     * Records written over the phase: {@code records_written} and {@code records_written_per_s} in all, and
     * {@code records_written_per_s_by_topic}, most first (topics written to fewer than once in ten seconds left out).
     */
    static Map<String, Object> written(Map<String, Double> start, Map<String, Double> end, double wallSeconds) {
        Map<String, Double> sent = new LinkedHashMap<>();
        end.forEach((topic, total) -> sent.put(topic, total - start.getOrDefault(topic, 0.0)));
        Map<String, Object> byTopic = new LinkedHashMap<>();
        sent.entrySet().stream().filter(e -> e.getValue() / wallSeconds >= 0.1)
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .forEach(e -> byTopic.put(e.getKey(), PhaseMeter.round(e.getValue() / wallSeconds, 1)));
        double inAll = sent.values().stream().mapToDouble(d -> d).sum();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("records_written", Math.round(inAll));
        figures.put("records_written_per_s", PhaseMeter.round(inAll / wallSeconds, 1));
        figures.put("records_written_per_s_by_topic", byTopic);
        return figures;
    }

    /** Records the stream threads' producers sent so far, by topic. */
    static Map<String, Double> writtenByTopic(String text) {
        return StackMetrics.sumBy(text, RECORDS_SENT, STREAM_THREAD, "topic");
    }

    /** Each counter summed over the stream threads (and their producers). */
    static Map<String, Double> streamThreadSums(String text) {
        Map<String, Double> sums = new LinkedHashMap<>();
        COUNTERS.forEach((metric, name) -> sums.put(name, StackMetrics.sum(text, metric, STREAM_THREAD)));
        return sums;
    }

    /** {@code kafka_stream_thread_<x>_ratio}, averaged over the stream threads that report one. */
    static Map<String, Double> ratios(String text) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String ratio : RATIOS) {
            StackMetrics.values(text, "kafka_stream_thread_" + ratio + "_ratio", STREAM_THREAD).stream()
                    .mapToDouble(Double::doubleValue).average().ifPresent(average -> ratios.put(ratio, average));
        }
        return ratios;
    }

    private static Map<String, String> orderedOf(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
