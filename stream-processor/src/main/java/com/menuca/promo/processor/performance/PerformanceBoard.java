package com.menuca.promo.processor.performance;

import com.menuca.promo.processor.RestaurantZones;
import com.menuca.promo.processor.counts.CountsBoard;
import com.menuca.promo.processor.store.ObjectCachedStore;
import com.menuca.promo.processor.topology.Outputs;
import com.menuca.promo.schemas.derived.CountsScope;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Publishes each restaurant's deal performance when it changed, at most once per interval, and
 * again once a minute while its last-hour or today numbers move with time alone (with the
 * restaurant's counts, so both decay on their own). One mark per restaurant of the task.
 */
public final class PerformanceBoard {
    private static final long MINUTE_MS = 60_000;

    private final KeyValueStore<Long, PerformanceMark> store;
    private final ObjectCachedStore<Long, PerformanceMark> marks;
    private final PerformanceCalculator calculator;
    private final RestaurantZones zones;
    private final CountsBoard counts;
    private final Outputs outputs;
    private final Duration interval;

    public PerformanceBoard(KeyValueStore<Long, PerformanceMark> marks, PerformanceCalculator calculator,
                            RestaurantZones zones, CountsBoard counts, Outputs outputs, Duration interval) {
        this.store = marks;
        this.marks = ObjectCachedStore.of(marks);
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
            marks.put(restaurantId, new PerformanceMark(true, mark.lastEmittedMs(), mark.timeSensitiveUntilMs()));
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
        marks.put(restaurantId, new PerformanceMark(true, mark.lastEmittedMs(),
                Math.max(mark.timeSensitiveUntilMs(), Math.max(endOfHour, endOfDay))));
    }

    /** Publishes what is due at {@code now}. */
    public void publishDue(Instant now) {
        long nowMs = now.toEpochMilli();
        List<KeyValue<Long, PerformanceMark>> due = new ArrayList<>();
        try (KeyValueIterator<Long, PerformanceMark> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Long, PerformanceMark> entry = it.next();
                PerformanceMark mark = entry.value;
                boolean intervalPassed = nowMs - mark.lastEmittedMs() >= interval.toMillis();
                boolean minutePassed = nowMs / MINUTE_MS > mark.lastEmittedMs() / MINUTE_MS;
                boolean decaying = mark.lastEmittedMs() < mark.timeSensitiveUntilMs() && minutePassed;
                if (intervalPassed && (mark.dirty() || decaying)) {
                    due.add(entry);
                }
            }
        }
        for (KeyValue<Long, PerformanceMark> entry : due) {
            long restaurantId = entry.key;
            outputs.performance(calculator.compute(restaurantId, now));
            if (!entry.value.dirty()) {
                counts.touch(CountsScope.RESTAURANT, restaurantId, restaurantId);
            }
            marks.put(restaurantId, new PerformanceMark(false, nowMs, entry.value.timeSensitiveUntilMs()));
        }
    }

    private PerformanceMark markOf(long restaurantId) {
        PerformanceMark mark = marks.get(restaurantId);
        return mark == null ? PerformanceMark.NEW : mark;
    }
}
