package com.menuca.promo.processor.performance;

import com.menuca.promo.processor.RestaurantZones;
import com.menuca.promo.processor.counts.CountsBoard;
import com.menuca.promo.processor.store.MirroredStore;
import com.menuca.promo.processor.topology.Outputs;
import com.menuca.promo.schemas.derived.CountsScope;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Publishes each restaurant's deal performance when it changed, at most once per interval, and
 * again once a minute while its last-hour or today numbers move with time alone (with the
 * restaurant's counts, so both decay on their own). One mark per restaurant of the task.
 *
 * <p>The marks are all looked at every second, so they are kept in memory as well as in the store
 * ({@link MirroredStore}): a busy restaurant's mark is written twice a second (changed, then published),
 * so a scan of the store every second stepped over all the versions written since the last compaction
 * to find a few hundred live marks.
 */
public final class PerformanceBoard {
    private static final long MINUTE_MS = 60_000;

    /** One mark per restaurant of the task, by restaurant id. */
    private final MirroredStore<Long, PerformanceMark> marks;
    private final PerformanceCalculator calculator;
    private final RestaurantZones zones;
    private final CountsBoard counts;
    private final Outputs outputs;
    private final Duration interval;

    public PerformanceBoard(KeyValueStore<Long, PerformanceMark> marks, PerformanceCalculator calculator,
                            RestaurantZones zones, CountsBoard counts, Outputs outputs, Duration interval) {
        this.marks = new MirroredStore<>(marks, TreeMap::new);
        this.calculator = calculator;
        this.zones = zones;
        this.counts = counts;
        this.outputs = outputs;
        this.interval = interval;
    }

    /** Something of the restaurant changed (a deal, a redemption, a timer). */
    public void touch(long restaurantId) {
        PerformanceMark mark = markOf(restaurantId);
        if (!mark.dirty()) {
            put(restaurantId, new PerformanceMark(true, mark.lastEmittedMs(), mark.timeSensitiveUntilMs()));
        }
    }

    /** A redemption used at {@code usedAt}: the numbers move with time until it leaves the last hour and its day. */
    public void redeemed(long restaurantId, Instant usedAt) {
        PerformanceMark mark = markOf(restaurantId);
        long endOfHour = usedAt.plus(Duration.ofHours(1)).toEpochMilli() + MINUTE_MS;
        if (mark.dirty() && mark.timeSensitiveUntilMs() >= endOfHour) {
            return;
        }
        ZoneId zone = zones.zoneOf(restaurantId);
        long endOfDay = LocalDate.ofInstant(usedAt, zone).plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli()
                + MINUTE_MS;
        put(restaurantId, new PerformanceMark(true, mark.lastEmittedMs(),
                Math.max(mark.timeSensitiveUntilMs(), Math.max(endOfHour, endOfDay))));
    }

    /** Publishes what is due at {@code now}. */
    public void publishDue(Instant now) {
        long nowMs = now.toEpochMilli();
        List<Map.Entry<Long, PerformanceMark>> due = new ArrayList<>();
        for (Map.Entry<Long, PerformanceMark> entry : marks.entries()) {
            PerformanceMark mark = entry.getValue();
            boolean intervalPassed = nowMs - mark.lastEmittedMs() >= interval.toMillis();
            boolean minutePassed = nowMs / MINUTE_MS > mark.lastEmittedMs() / MINUTE_MS;
            boolean decaying = mark.lastEmittedMs() < mark.timeSensitiveUntilMs() && minutePassed;
            if (intervalPassed && (mark.dirty() || decaying)) {
                due.add(Map.entry(entry.getKey(), mark));
            }
        }
        for (Map.Entry<Long, PerformanceMark> entry : due) {
            long restaurantId = entry.getKey();
            PerformanceMark mark = entry.getValue();
            outputs.performance(calculator.compute(restaurantId, now));
            if (!mark.dirty()) {
                counts.touch(CountsScope.RESTAURANT, restaurantId, restaurantId);
            }
            put(restaurantId, new PerformanceMark(false, nowMs, mark.timeSensitiveUntilMs()));
        }
    }

    private PerformanceMark markOf(long restaurantId) {
        PerformanceMark mark = marks.get(restaurantId);
        return mark == null ? PerformanceMark.NEW : mark;
    }

    private void put(long restaurantId, PerformanceMark mark) {
        marks.put(restaurantId, mark);
    }
}
