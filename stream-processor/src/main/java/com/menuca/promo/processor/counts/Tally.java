package com.menuca.promo.processor.counts;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.cdc.UsageRow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
 * @param minutes by minute since the epoch: the last hour
 */
public record Tally(
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("total") Bucket total,
        @JsonProperty("days") Map<String, Bucket> days,
        @JsonProperty("minutes") Map<Long, Bucket> minutes) {

    private static final Duration HOUR = Duration.ofHours(1);

    public static final Tally EMPTY = new Tally(0, Bucket.EMPTY, Map.of(), Map.of());

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
        TreeMap<Long, Bucket> newMinutes = new TreeMap<>(minutes);
        newMinutes.headMap(thisMinute - HOUR.toMinutes() + 1).clear();
        long rowMinute = minuteOf(row.usedAt());
        if (rowMinute > thisMinute - HOUR.toMinutes()) {
            newMinutes.merge(rowMinute, Bucket.EMPTY.plus(row, sign), Bucket::plus);
            if (newMinutes.get(rowMinute).isEmpty()) {
                newMinutes.remove(rowMinute);
            }
        }
        return new Tally(row.restaurantId(), total.plus(row, sign), newDays, newMinutes);
    }

    /** The numbers as of {@code now}: today in {@code zone}, the 60 minutes up to now, and ever. */
    public Figures figures(ZoneId zone, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        long from = minuteOf(now) - HOUR.toMinutes() + 1;
        Bucket lastHour = Bucket.EMPTY;
        for (Map.Entry<Long, Bucket> minute : minutes.entrySet()) {
            if (minute.getKey() >= from) {
                lastHour = lastHour.plus(minute.getValue());
            }
        }
        return Figures.of(days.getOrDefault(today.toString(), Bucket.EMPTY), lastHour, total, today);
    }

    /** True while some redemption falls in the last hour or today: its figures still change as time passes. */
    public boolean changesWithTime(ZoneId zone, Instant now) {
        Figures f = figures(zone, now);
        return f.redemptions().lastHour() != 0 || f.redemptions().today() != 0;
    }

    private static long minuteOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }
}
