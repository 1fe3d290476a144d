package com.menuca.promo.processor.warmup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a warm-up did.
 *
 * @param took             how long it ran, driver set-up and clean-up included
 * @param changes          synthetic changes piped through the topology
 * @param derivedByTopic   records the topology derived (and the warm-up discarded), by derived topic
 * @param jitCompileMillis time the JIT compilers spent meanwhile (their threads' total, so it may exceed
 *                         {@code took}), or -1 when the JVM does not report it
 * @param jitSettled       it stopped because the JIT had settled, before its budget
 * @param scratch          the scratch directory its state lived in (deleted when it returned)
 */
public record WarmUpReport(Duration took, long changes, Map<String, Long> derivedByTopic, long jitCompileMillis,
                           boolean jitSettled, Path scratch) {
    public WarmUpReport {
        derivedByTopic = Map.copyOf(derivedByTopic);
    }

    /** Every derived record, all topics together. */
    public long derived() {
        return derivedByTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line for the log. */
    public String describe() {
        return String.format("ran the topology on %,d synthetic changes in %.1f s (%,d derived records, discarded)%s; %s",
                changes, took.toMillis() / 1000.0, derived(), jitCompileMillis < 0 ? ""
                        : String.format("; the JIT compiled for %.1f s meanwhile", jitCompileMillis / 1000.0),
                jitSettled ? "stopped once the JIT had settled" : "stopped at its budget");
    }
}
