package com.menuca.promo.processor.dedup;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.cdc.WalSequence;
import com.menuca.promo.processor.store.ObjectCachedStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Drops changes delivered twice, by their position in the WAL, with bounded state.
 *
 * <p><b>Streamed changes</b> carry their WAL order ({@link WalSequence}: last commit LSN, LSN). The
 * capture publishes a partition's changes in that order, and a capture that crashed replays changes
 * from its last stored offset, i.e. a stretch the partition already had. So the highest position seen
 * per change-topic partition is enough: a change at or before it is a redelivery. One entry per
 * partition, whatever the volume.
 *
 * <p><b>Snapshot reads</b> share one LSN, so they are remembered by table, LSN and row key, filed under
 * their commit (snapshot) time in a window store whose retention bounds it: positions older than the
 * retention behind the newest one seen are dropped segment by segment.
 */
public final class DuplicateFilter {
    private final ObjectCachedStore<String, WalSequence> highest;
    private final WindowStore<String, Long> snapshotReads;

    public DuplicateFilter(KeyValueStore<String, WalSequence> highest, WindowStore<String, Long> snapshotReads) {
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
        if (snapshotReads.fetch(position, change.commitTs()) != null) {
            return false;
        }
        snapshotReads.put(position, change.source().offset(), change.commitTs());
        return true;
    }
}
