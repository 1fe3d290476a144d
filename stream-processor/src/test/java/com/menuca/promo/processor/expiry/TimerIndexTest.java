package com.menuca.promo.processor.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.store.InternalJson;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.derived.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The index over a real (in-memory) Kafka Streams store: what a task finds in its store when it starts
 * (restored from the changelog) fires as it would have, and what fires leaves the store.
 */
class TimerIndexTest {
    private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");
    private static final SourcePosition SOURCE = new SourcePosition("promo.cdc.promotional_deals", 0, 1, null);

    private KeyValueStore<String, ScheduledTimer> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("timers"), Serdes.String(),
                InternalJson.serde(ScheduledTimer.class)).withLoggingDisabled().withCachingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    private static ScheduledTimer scheduled(long dealId, Instant deadline, Duration horizon) {
        return new ScheduledTimer(new Timer(TimerKind.DEAL_EXPIRING, 7, dealId, deadline, horizon), SOURCE,
                NOON.minusSeconds(3600).toEpochMilli());
    }

    private void restore(ScheduledTimer... timers) {
        for (ScheduledTimer timer : timers) {
            store.put(timer.timer().indexKey(), timer);
        }
    }

    private List<String> keysInStore() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ScheduledTimer> it = store.all()) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Test
    void shouldFireTheTimersItFoundInItsStoreInFiringOrderAndKeepTheRest() {
        ScheduledTimer late = scheduled(1, NOON.plusSeconds(600), Duration.ZERO);
        ScheduledTimer atNoon = scheduled(2, NOON.plusSeconds(3600), Duration.ofHours(1));
        ScheduledTimer earlier = scheduled(3, NOON.minusSeconds(5), Duration.ZERO);
        restore(late, atNoon, earlier);

        TimerIndex index = new TimerIndex(store);

        assertThat(index.takeDue(NOON.minusSeconds(10))).isEmpty();
        assertThat(index.takeDue(NOON)).containsExactly(earlier, atNoon);
        assertThat(keysInStore()).containsExactly(late.timer().indexKey());
        assertThat(index.takeDue(NOON)).as("a timer fires once").isEmpty();
        assertThat(index.takeDue(NOON.plusSeconds(600))).containsExactly(late);
        assertThat(keysInStore()).isEmpty();
    }

    @Test
    void shouldFireAtMostTheCapPerTickAndTheRestAtTheNext() {
        for (int i = 0; i < TimerIndex.MAX_DUE_PER_TICK + 5; i++) {
            restore(scheduled(i, NOON.minusSeconds(i), Duration.ZERO));
        }
        TimerIndex index = new TimerIndex(store);

        List<ScheduledTimer> first = index.takeDue(NOON);
        List<ScheduledTimer> rest = index.takeDue(NOON);

        assertThat(first).hasSize(TimerIndex.MAX_DUE_PER_TICK);
        assertThat(first.get(0).timer().entityId()).as("earliest first").isEqualTo(TimerIndex.MAX_DUE_PER_TICK + 4);
        assertThat(rest).hasSize(5);
        assertThat(rest.get(4).timer().entityId()).isZero();
        assertThat(keysInStore()).isEmpty();
    }

    @Test
    void shouldMoveAnEntityFromItsOldPlanToItsNewOneInStoreAndMemoryAlike() {
        ScheduledTimer old = scheduled(5, NOON.plusSeconds(60), Duration.ZERO);
        restore(old);
        TimerIndex index = new TimerIndex(store);
        Timer moved = new Timer(TimerKind.DEAL_EXPIRING, 7, 5, NOON.plusSeconds(120), Duration.ZERO);

        CdcChange update = new CdcChange(CdcTable.PROMOTIONAL_DEALS, Op.UPDATE, null, null, "id=5",
                NOON.toEpochMilli(), SOURCE, null, 0);

        index.rearm(List.of(old.timer()), List.of(moved), Set.of(), Set.of(moved.id()), update);

        assertThat(keysInStore()).containsExactly(moved.indexKey());
        assertThat(index.takeDue(NOON.plusSeconds(60))).as("the old plan's timer left the index").isEmpty();
        assertThat(index.takeDue(NOON.plusSeconds(120))).extracting(ScheduledTimer::timer).containsExactly(moved);
        assertThat(keysInStore()).isEmpty();
    }
}
