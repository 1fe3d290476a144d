package com.menuca.promo.gateway.resume;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The records one socket may still have replayed ({@code gateway.replay.budget.records} over its
 * life): joins that resume from old positions again and again cannot make the gateway read Kafka
 * without end. Thread-safe (taken on the feed thread, made per socket).
 */
public final class ReplayBudget {
    private final AtomicLong remaining;

    public ReplayBudget(long records) {
        this.remaining = new AtomicLong(records);
    }

    /** Takes {@code records} from the budget if that many remain. */
    public boolean tryTake(long records) {
        long left;
        do {
            left = remaining.get();
            if (records > left) {
                return false;
            }
        } while (!remaining.compareAndSet(left, left - records));
        return true;
    }

    public long remaining() {
        return remaining.get();
    }
}
