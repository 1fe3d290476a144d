package com.menuca.promo.processor.dedup;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.cdc.WalSequence;
import com.menuca.promo.processor.store.ObjectCachedStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Drops changes delivered twice, by their position in the WAL, with bounded state.
 *
 * <p><b>Streamed changes</b> carry their WAL order ({@link WalSequence}: last commit LSN, LSN). The
 * capture publishes a partition's changes in that order, and a capture that crashed replays changes
 * from its last stored offset, i.e. a stretch the partition already had. So the highest position seen
 * per change-topic partition is enough: a change at or before it is a redelivery. One entry per
 * partition, whatever the volume.
 *
 * <p><b>Snapshot reads</b> share one LSN, so they are remembered by table, LSN and row key with their
 * snapshot time; {@link #forgetOlderThan} drops those older than the retention behind the newest, so
 * the store holds one snapshot's rows at most.
 */
public final class DuplicateFilter {
    private final ObjectCachedStore<String, WalSequence> highest;
    private final KeyValueStore<String, Long> snapshotReads;
    private long newestSnapshotMs;

    public DuplicateFilter(KeyValueStore<String, WalSequence> highest, KeyValueStore<String, Long> snapshotReads) {
        this.highest = ObjectCachedStore.of(highest);
        this.snapshotReads = snapshotReads;
    }

    /** True the first time a change is seen (and remembers it), false for a redelivery. */
    public boolean firstSighting(CdcChange change) {
        WalSequence sequence = change.sequence();
        if (sequence == null) {
            return firstSightingByPosition(change);
        }
        String partition = change.source().topic() + "-" + change.source().partition();
        WalSequence seen = highest.get(partition);
        if (seen != null && sequence.compareTo(seen) <= 0) {
            return false;
        }
        highest.put(partition, sequence);
        return true;
    }

    private boolean firstSightingByPosition(CdcChange change) {
        String position = change.walPosition();
        if (snapshotReads.get(position) != null) {
            return false;
        }
        snapshotReads.put(position, change.commitTs());
        newestSnapshotMs = Math.max(newestSnapshotMs, change.commitTs());
        return true;
    }

    /** Forgets snapshot reads older than {@code retention} behind the newest one (in snapshot time). */
    public void forgetOlderThan(Duration retention) {
        long cutoff = newestSnapshotMs - retention.toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = snapshotReads.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> entry = it.next();
                newestSnapshotMs = Math.max(newestSnapshotMs, entry.value);
                if (entry.value < cutoff) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(snapshotReads::delete);
    }
}
