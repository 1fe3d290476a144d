package com.menuca.promo.processor.counts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.cdc.UsageRow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import com.menuca.promo.schemas.derived.MinuteCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The redemptions of one coupon, deal or restaurant: a running total, plus buckets by local date
 * (today and yesterday, for "today") and by minute (the last hour), filed under each row's
 * {@code used_at}. A deleted or corrected row is taken out of the buckets it was filed in, if they
 * are still kept. Buckets older than the periods they serve are dropped on every update.
 *
 * @param restaurantId the restaurant the counted rows belong to (0 before the first)
 * @param total   every row ever (minus deleted ones)
 * @param days    by local date ({@code 2026-11-28}) in the restaurant's zone: today and yesterday
 * @param byMinute by minute since the epoch: the last hour
 */
public record Tally(
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("total") Bucket total,
        @JsonProperty("days") Map<String, Bucket> days,
        @JsonProperty("by_minute") MinuteSeries byMinute) {

    private static final Duration HOUR = Duration.ofHours(1);

    public static final Tally EMPTY = new Tally(0, Bucket.EMPTY, Map.of(), MinuteSeries.EMPTY);

    /**
     * Reads both forms of the store's JSON: {@code by_minute}, and the {@code minutes} map of minute
     * to bucket that state written by earlier versions holds (its changelog restores it as it was).
     */
    @JsonCreator
    static Tally fromJson(@JsonProperty("restaurant_id") long restaurantId, @JsonProperty("total") Bucket total,
                          @JsonProperty("days") Map<String, Bucket> days,
                          @JsonProperty("by_minute") MinuteSeries byMinute,
                          @JsonProperty("minutes") Map<Long, Bucket> minutes) {
        MinuteSeries series = byMinute != null ? byMinute : minutes != null ? MinuteSeries.of(minutes) : MinuteSeries.EMPTY;
        return new Tally(restaurantId, total == null ? Bucket.EMPTY : total, days == null ? Map.of() : days, series);
    }

    /** This tally with {@code row} added ({@code sign} 1) or taken out ({@code sign} -1), as of {@code now}. */
    public Tally apply(UsageRow row, int sign, ZoneId zone, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        long thisMinute = minuteOf(now);
        TreeMap<String, Bucket> newDays = new TreeMap<>(days);
        newDays.headMap(today.minusDays(1).toString()).clear();
        LocalDate rowDate = LocalDate.ofInstant(row.usedAt(), zone);
        if (!rowDate.isBefore(today.minusDays(1))) {
            newDays.merge(rowDate.toString(), Bucket.EMPTY.plus(row, sign), Bucket::plus);
            if (newDays.get(rowDate.toString()).isEmpty()) {
                newDays.remove(rowDate.toString());
            }
        }
        MinuteSeries newMinutes = byMinute.plus(minuteOf(row.usedAt()), Bucket.EMPTY.plus(row, sign),
                thisMinute - HOUR.toMinutes() + 1);
        return new Tally(row.restaurantId(), total.plus(row, sign), newDays, newMinutes);
    }

    /** The numbers as of {@code now}: today in {@code zone}, the 60 minutes up to now, and ever. */
    public Figures figures(ZoneId zone, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        Bucket lastHour = byMinute.since(minuteOf(now) - HOUR.toMinutes() + 1);
        return Figures.of(days.getOrDefault(today.toString(), Bucket.EMPTY), lastHour, total, today);
    }

    /**
     * Redemptions in each of the {@code count} minutes up to and including the current one, oldest
     * first, zero where none fell (at most the last hour is kept).
     */
    public List<MinuteCount> perMinute(Instant now, int count) {
        long current = minuteOf(now);
        List<MinuteCount> series = new ArrayList<>(count);
        for (long minute = current - count + 1; minute <= current; minute++) {
            series.add(new MinuteCount(Instant.ofEpochSecond(minute * 60), byMinute.redemptionsAt(minute)));
        }
        return series;
    }

    private static long minuteOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }
}
