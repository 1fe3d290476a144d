package com.menuca.promo.processor.counts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Redemptions, discount and revenue by minute, for the minutes that had any: parallel arrays sorted
 * by minute (since the epoch), amounts in cents. Immutable; each change returns a copy.
 *
 * <p>Why not a map of {@link Bucket}s: a busy restaurant's tally is rewritten on each of its
 * redemptions, and with an hour of minutes a {@code TreeMap} of buckets made it 60 entries, 60
 * buckets and 120 {@code BigDecimal}s to copy, keep and collect, and 2.7 KB of JSON to write to the
 * store and its changelog every time. Four arrays of longs hold the same; the amounts are exact in
 * cents because {@code coupon_usage_log} keeps them as {@code numeric(10,2)}, which intake checks.
 *
 * <p>JSON: {@code {"from": 29433600, "m": [0, 1, 5], "n": [..], "d": [..], "r": [..]}}, minutes as
 * offsets from the first.
 */
public final class MinuteSeries {
    public static final MinuteSeries EMPTY = new MinuteSeries(new long[0], new long[0], new long[0], new long[0]);

    private final long[] minutes;
    private final long[] counts;
    private final long[] discountCents;
    private final long[] revenueCents;

    private MinuteSeries(long[] minutes, long[] counts, long[] discountCents, long[] revenueCents) {
        this.minutes = minutes;
        this.counts = counts;
        this.discountCents = discountCents;
        this.revenueCents = revenueCents;
    }

    @JsonCreator
    static MinuteSeries fromJson(@JsonProperty("from") long from, @JsonProperty("m") long[] offsets,
                                 @JsonProperty("n") long[] counts, @JsonProperty("d") long[] discountCents,
                                 @JsonProperty("r") long[] revenueCents) {
        int size = offsets == null ? 0 : offsets.length;
        if (counts == null || discountCents == null || revenueCents == null
                || counts.length != size || discountCents.length != size || revenueCents.length != size) {
            throw new IllegalArgumentException("a minute series needs m, n, d and r of one length");
        }
        long[] minutes = new long[size];
        for (int i = 0; i < size; i++) {
            minutes[i] = from + offsets[i];
            if (i > 0 && minutes[i] <= minutes[i - 1]) {
                throw new IllegalArgumentException("a minute series' minutes must ascend: " + Arrays.toString(offsets));
            }
        }
        return new MinuteSeries(minutes, counts, discountCents, revenueCents);
    }

    /** The series of a tally written before minute series existed (a map of minute to bucket). */
    static MinuteSeries of(Map<Long, Bucket> buckets) {
        MinuteSeries series = EMPTY;
        for (Map.Entry<Long, Bucket> minute : new TreeMap<>(buckets).entrySet()) {
            series = series.plus(minute.getKey(), minute.getValue(), Long.MIN_VALUE);
        }
        return series;
    }

    @JsonProperty("from")
    long from() {
        return minutes.length == 0 ? 0 : minutes[0];
    }

    @JsonProperty("m")
    long[] offsets() {
        long[] offsets = new long[minutes.length];
        for (int i = 0; i < minutes.length; i++) {
            offsets[i] = minutes[i] - minutes[0];
        }
        return offsets;
    }

    @JsonProperty("n")
    long[] counts() {
        return counts;
    }

    @JsonProperty("d")
    long[] discountCents() {
        return discountCents;
    }

    @JsonProperty("r")
    long[] revenueCents() {
        return revenueCents;
    }

    /**
     * This series without the minutes before {@code keepFrom}, and with {@code change} added to
     * {@code minute} unless that minute is before {@code keepFrom} too. A minute whose figures come
     * to zero is dropped.
     */
    public MinuteSeries plus(long minute, Bucket change, long keepFrom) {
        int start = firstAtOrAfter(keepFrom);
        if (minute < keepFrom) {
            return fromIndex(start);
        }
        int at = Arrays.binarySearch(minutes, start, minutes.length, minute);
        long n = change.redemptions();
        long d = cents(change.discount());
        long r = cents(change.revenue());
        if (at >= 0) {
            MinuteSeries copy = slice(start, minutes.length);
            int i = at - start;
            copy.counts[i] += n;
            copy.discountCents[i] += d;
            copy.revenueCents[i] += r;
            return copy.isZeroAt(i) ? copy.without(i) : copy;
        }
        if (n == 0 && d == 0 && r == 0) {
            return fromIndex(start);
        }
        int insert = -at - 1;
        int size = minutes.length - start + 1;
        MinuteSeries copy = new MinuteSeries(new long[size], new long[size], new long[size], new long[size]);
        int before = insert - start;
        copy.copyFrom(this, start, 0, before);
        copy.copyFrom(this, insert, before + 1, minutes.length - insert);
        copy.minutes[before] = minute;
        copy.counts[before] = n;
        copy.discountCents[before] = d;
        copy.revenueCents[before] = r;
        return copy;
    }

    /** The sum of the minutes from {@code fromMinute} on. */
    public Bucket since(long fromMinute) {
        long n = 0;
        long d = 0;
        long r = 0;
        for (int i = firstAtOrAfter(fromMinute); i < minutes.length; i++) {
            n += counts[i];
            d += discountCents[i];
            r += revenueCents[i];
        }
        return new Bucket(n, BigDecimal.valueOf(d, 2), BigDecimal.valueOf(r, 2));
    }

    /** Redemptions in {@code minute}, 0 when none are kept. */
    public long redemptionsAt(long minute) {
        int at = Arrays.binarySearch(minutes, minute);
        return at >= 0 ? counts[at] : 0;
    }

    /** How many minutes are kept. */
    public int size() {
        return minutes.length;
    }

    private int firstAtOrAfter(long minute) {
        int at = Arrays.binarySearch(minutes, minute);
        return at >= 0 ? at : -at - 1;
    }

    private boolean isZeroAt(int i) {
        return counts[i] == 0 && discountCents[i] == 0 && revenueCents[i] == 0;
    }

    /** This series from index {@code start} on: itself when nothing is dropped. */
    private MinuteSeries fromIndex(int start) {
        return start == 0 ? this : slice(start, minutes.length);
    }

    private MinuteSeries slice(int from, int to) {
        return new MinuteSeries(Arrays.copyOfRange(minutes, from, to), Arrays.copyOfRange(counts, from, to),
                Arrays.copyOfRange(discountCents, from, to), Arrays.copyOfRange(revenueCents, from, to));
    }

    private MinuteSeries without(int i) {
        int size = minutes.length - 1;
        MinuteSeries copy = new MinuteSeries(new long[size], new long[size], new long[size], new long[size]);
        copy.copyFrom(this, 0, 0, i);
        copy.copyFrom(this, i + 1, i, size - i);
        return copy;
    }

    private void copyFrom(MinuteSeries source, int from, int to, int length) {
        System.arraycopy(source.minutes, from, minutes, to, length);
        System.arraycopy(source.counts, from, counts, to, length);
        System.arraycopy(source.discountCents, from, discountCents, to, length);
        System.arraycopy(source.revenueCents, from, revenueCents, to, length);
    }

    /** An amount of at most two decimals in cents (exact: intake refuses more decimals). */
    private static long cents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MinuteSeries that && Arrays.equals(minutes, that.minutes)
                && Arrays.equals(counts, that.counts) && Arrays.equals(discountCents, that.discountCents)
                && Arrays.equals(revenueCents, that.revenueCents);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {Arrays.hashCode(minutes), Arrays.hashCode(counts),
                Arrays.hashCode(discountCents), Arrays.hashCode(revenueCents)});
    }

    @Override
    public String toString() {
        return "MinuteSeries[minutes=" + Arrays.toString(minutes) + ", n=" + Arrays.toString(counts)
                + ", d=" + Arrays.toString(discountCents) + ", r=" + Arrays.toString(revenueCents) + "]";
    }
}
