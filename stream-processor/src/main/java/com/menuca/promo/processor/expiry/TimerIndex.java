package com.menuca.promo.processor.expiry;

import com.menuca.promo.processor.cdc.CdcChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The timers of a task, in a store ordered by firing time ({@link Timer#indexKey()}).
 *
 * <p>Invariant: every timer of an entity's current plan is either in the index or in the entity's
 * fired set. {@link #rearm} keeps it when a row changes: timers no longer planned leave the index,
 * new ones enter it, unchanged ones stay as they are (so a timer fires once per deadline and
 * horizon, however often the row is updated).
 *
 * <p>The index keys are also kept in memory, and the due timers found there: the store is a queue
 * (timers enter in the future and leave from the front), and a RocksDB scan from the front steps over
 * the tombstone of every timer taken out since the last compaction, every second. The values stay in
 * the store only (read when due), so the memory is a key per scheduled timer.
 */
public final class TimerIndex {
    /** Most timers one punctuation fires; the rest wait for the next one. */
    static final int MAX_DUE_PER_TICK = 10_000;

    private final KeyValueStore<String, ScheduledTimer> index;
    /** Every key of the store, in its order (index keys are ASCII: string order is the store's byte order). */
    private final NavigableSet<String> keys = new TreeSet<>();

    public TimerIndex(KeyValueStore<String, ScheduledTimer> index) {
        this.index = index;
        try (KeyValueIterator<String, ScheduledTimer> it = index.all()) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
    }

    /**
     * Moves an entity from its old plan to its new one.
     *
     * @param oldPlan  timers of the row before the change (empty for an insert)
     * @param newPlan  timers of the row after it (empty for a delete or deactivation)
     * @param fired    ids of timers that already fired (or were passed silently) for this entity
     * @param relevant ids worth remembering as fired: those of the row's current deadlines
     * @param cause    the change; a snapshot read or a start already reached at its commit is not announced
     * @return the entity's new fired set
     */
    public Set<String> rearm(List<Timer> oldPlan, List<Timer> newPlan, Set<String> fired, Set<String> relevant,
                             CdcChange cause) {
        Set<String> newIds = newPlan.stream().map(Timer::id).collect(Collectors.toSet());
        Set<String> oldIds = oldPlan.stream().map(Timer::id).collect(Collectors.toSet());
        for (Timer timer : oldPlan) {
            if (!newIds.contains(timer.id())) {
                index.delete(timer.indexKey());
                keys.remove(timer.indexKey());
            }
        }
        Set<String> stillFired = new HashSet<>(fired);
        stillFired.retainAll(relevant);
        for (Timer timer : newPlan) {
            if (oldIds.contains(timer.id()) || stillFired.contains(timer.id())) {
                continue;
            }
            boolean alreadyPast = !timer.fireAt().isAfter(cause.committedAt());
            if (alreadyPast && (cause.isSnapshot() || timer.kind() == TimerKind.DEAL_STARTS)) {
                // a snapshot is state, not news; a start already reached at commit was announced by the change itself
                stillFired.add(timer.id());
            } else {
                index.put(timer.indexKey(), new ScheduledTimer(timer, cause.source(), cause.commitTs()));
                keys.add(timer.indexKey());
            }
        }
        return stillFired;
    }

    /** Takes the timers due at {@code now} out of the index, earliest first. */
    public List<ScheduledTimer> takeDue(Instant now) {
        List<ScheduledTimer> timers = new ArrayList<>();
        Iterator<String> due = keys.headSet(Timer.indexKeyAfter(now), false).iterator();
        while (due.hasNext() && timers.size() < MAX_DUE_PER_TICK) {
            ScheduledTimer timer = index.delete(due.next());
            due.remove();
            if (timer != null) {
                timers.add(timer);
            }
        }
        return timers;
    }
}
