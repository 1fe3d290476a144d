package com.menuca.promo.processor.dedup;

import com.menuca.promo.processor.cdc.CdcChange;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Remembers the WAL position (table, LSN, row key) of every change seen, filed under its commit
 * time, in a window store whose retention bounds it: positions older than the retention, counted in
 * commit time behind the newest change seen, are dropped segment by segment.
 *
 * <p>Why commit time bounds it well: a capture that crashes replays only changes after its last
 * stored offset, whose commit times lie just before the crash, however long it stays down. Their
 * duplicates therefore carry commit times within seconds of the newest change seen, well inside the
 * retention (default one hour). A redelivery has exactly its original's commit time, so the lookup
 * is a single key at a single timestamp.
 */
public final class DuplicateFilter {
    private final WindowStore<String, Long> seen;

    public DuplicateFilter(WindowStore<String, Long> seen) {
        this.seen = seen;
    }

    /** True the first time a change is seen (and remembers it), false for a redelivery. */
    public boolean firstSighting(CdcChange change) {
        String position = change.walPosition();
        if (seen.fetch(position, change.commitTs()) != null) {
            return false;
        }
        seen.put(position, change.source().offset(), change.commitTs());
        return true;
    }
}
