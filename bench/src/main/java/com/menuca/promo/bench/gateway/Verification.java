package com.menuca.promo.bench.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What every client of the realistic benchmark checked, added up: frames verified, frames that did
 * not belong to the client's subscriptions (foreign), frames no committed change accounts for
 * (duplicates), changes committed that a client has not received (outstanding; lost once the
 * barrier has passed), and latency per frame from the row's commit and from the writer's intended
 * send time (coordinated omission corrected), for table changes and for derived events apart.
 */
final class Verification {
    /** Latencies are recorded in microseconds up to an hour. */
    private static final long MAX_MICROS = 3_600_000_000L;
    private static final int EXAMPLES = 8;

    /** Which latency a matched frame counts toward. */
    enum Stream { CHANGE, DERIVED }

    /** A change committed by the writer that one client should receive. */
    record Expected(String op, long commitNanos, long intendedNanos, Stream stream, boolean measured) {
    }

    final LongAdder frames = new LongAdder();
    final LongAdder matched = new LongAdder();
    final LongAdder opMismatches = new LongAdder();
    final LongAdder unmodelledEvents = new LongAdder();
    final LongAdder latestValues = new LongAdder();
    final LongAdder duplicateEvents = new LongAdder();
    final LongAdder badFrames = new LongAdder();
    final LongAdder channelErrors = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder redials = new LongAdder();
    /** Set when the benchmark closes the connections itself. */
    volatile boolean closing;
    final AtomicLong outstanding = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();
    private final Map<String, LongAdder> foreign = new ConcurrentHashMap<>();
    private final List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong lastFrameNanos = new AtomicLong();

    private final Histogram changeFromCommit = new ConcurrentHistogram(MAX_MICROS, 3);
    private final Histogram changeFromIntended = new ConcurrentHistogram(MAX_MICROS, 3);
    private final Histogram derivedFromCommit = new ConcurrentHistogram(MAX_MICROS, 3);
    private final Recorder windowFromCommit = new Recorder(MAX_MICROS, 3);
    private final Recorder windowFromIntended = new Recorder(MAX_MICROS, 3);

    void frame(long nanos) {
        frames.increment();
        if (nanos > lastFrameNanos.get()) {
            lastFrameNanos.accumulateAndGet(nanos, Math::max);
        }
    }

    /** A frame was matched to the change it carries. */
    void matched(Expected expected, String op, long arrivalNanos) {
        matched.increment();
        if (!expected.op().equals(op)) {
            opMismatches.increment();
            example("op mismatch: expected " + expected.op() + ", got " + op);
        }
        if (!expected.measured()) {
            return;
        }
        long fromCommit = Math.max(0, (arrivalNanos - expected.commitNanos()) / 1_000);
        long fromIntended = Math.max(0, (arrivalNanos - expected.intendedNanos()) / 1_000);
        if (expected.stream() == Stream.CHANGE) {
            changeFromCommit.recordValue(Math.min(fromCommit, MAX_MICROS));
            changeFromIntended.recordValue(Math.min(fromIntended, MAX_MICROS));
            windowFromCommit.recordValue(Math.min(fromCommit, MAX_MICROS));
            windowFromIntended.recordValue(Math.min(fromIntended, MAX_MICROS));
        } else {
            derivedFromCommit.recordValue(Math.min(fromCommit, MAX_MICROS));
        }
    }

    void foreign(String reason, String detail) {
        foreign.computeIfAbsent(reason, r -> new LongAdder()).increment();
        example("foreign (" + reason + "): " + detail);
    }

    void example(String text) {
        if (examples.size() < EXAMPLES) {
            examples.add(text.length() > 400 ? text.substring(0, 400) + "..." : text);
        }
    }

    long foreignFrames() {
        return foreign.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The latency of the interval since the last call (commit, intended), for the per-minute report. */
    Histogram[] window() {
        return new Histogram[] {windowFromCommit.getIntervalHistogram(), windowFromIntended.getIntervalHistogram()};
    }

    Map<String, Object> latency() {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("change_commit_to_client", percentiles(changeFromCommit));
        latency.put("change_intended_to_client", percentiles(changeFromIntended));
        latency.put("derived_coupon_redeemed_commit_to_client", percentiles(derivedFromCommit));
        return latency;
    }

    double changeP99Millis() {
        return changeFromCommit.getValueAtPercentile(99) / 1000.0;
    }

    Map<String, Object> checks() {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("frames_received", frames.sum());
        checks.put("frames_matched_to_committed_changes", matched.sum());
        checks.put("lost", outstanding.get());
        checks.put("duplicated_or_unaccounted", unmatched.get());
        checks.put("foreign", foreignFrames());
        checks.put("foreign_by_reason", foreign.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().sum())));
        checks.put("duplicate_broadcast_events", duplicateEvents.sum());
        checks.put("op_mismatches", opMismatches.sum());
        checks.put("unreadable_frames", badFrames.sum());
        checks.put("channel_errors", channelErrors.sum());
        checks.put("disconnects_after_joining", disconnects.sum());
        checks.put("connections_dialled_again_before_joining", redials.sum());
        checks.put("broadcast_events_checked_for_owner_and_duplicates_only", unmodelledEvents.sum());
        checks.put("latest_value_frames_checked_for_owner_only", latestValues.sum());
        checks.put("examples", List.copyOf(examples));
        return checks;
    }

    /** True when nothing was lost, duplicated, foreign, unreadable or refused, and no joined connection dropped. */
    boolean clean() {
        return outstanding.get() == 0 && unmatched.get() == 0 && foreignFrames() == 0 && duplicateEvents.sum() == 0
                && opMismatches.sum() == 0 && badFrames.sum() == 0 && channelErrors.sum() == 0 && disconnects.sum() == 0;
    }

    static Map<String, Object> percentiles(Histogram micros) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("samples", micros.getTotalCount());
        p.put("p50_ms", micros.getValueAtPercentile(50) / 1000.0);
        p.put("p99_ms", micros.getValueAtPercentile(99) / 1000.0);
        p.put("p99_9_ms", micros.getValueAtPercentile(99.9) / 1000.0);
        p.put("max_ms", micros.getMaxValue() / 1000.0);
        return p;
    }
}
