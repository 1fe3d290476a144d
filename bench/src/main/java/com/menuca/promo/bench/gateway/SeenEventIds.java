package com.menuca.promo.bench.gateway;

import com.carrotsearch.hppc.LongHashSet;
import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.time.Duration;

/**
 * The ids of the broadcast events one client received, to tell a duplicate, in memory that does not grow
 * with the length of the run: 64-bit hashes of the ids (not the strings) in two generations of
 * {@link #WINDOW} each. An event received again within {@code WINDOW} of the first copy is always caught,
 * up to twice that sometimes, later not.
 *
 * <p>Why: a set of every id as a string, per client, ran the benchmark's own JVM out of heap at the end of a
 * half-hour soak at 1,000 changes/s (such a soak's clients check some nine million of these events). With
 * 64-bit hashes and at most a few thousand ids per client and window, a collision (a false duplicate) is
 * below one in ten million per run.
 */
final class SeenEventIds {
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Hasher64 HASH = Hashing.xxh3_64();

    private LongHashSet current = new LongHashSet();
    private LongHashSet previous = new LongHashSet();
    private long currentSinceNanos;
    private boolean started;

    /** Remembers {@code id}, received at {@code nanos}; false if it was received before (a duplicate). */
    boolean add(String id, long nanos) {
        if (!started) {
            currentSinceNanos = nanos;
            started = true;
        } else if (nanos - currentSinceNanos >= WINDOW.toNanos()) {
            previous = current;
            current = new LongHashSet();
            currentSinceNanos = nanos;
        }
        long hash = HASH.hashCharsToLong(id);
        return !previous.contains(hash) && current.add(hash);
    }

    /** Ids remembered now (both generations). */
    int size() {
        return current.size() + previous.size();
    }
}
