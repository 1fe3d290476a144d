package com.menuca.promo.processor.expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which of the timers due at one punctuation are announced. When several warnings of one
 * deadline are due together (the processor was down, or a deal was inserted 30 minutes before its
 * end) only the nearest horizon is worth saying; a warning whose deadline has passed says nothing
 * the expiry does not.
 */
public final class DueTimers {
    /** A due timer and whether it is announced (it counts as fired either way). */
    public record Decision(ScheduledTimer scheduled, boolean announce) {
    }

    private DueTimers() {
    }

    public static List<Decision> decide(List<ScheduledTimer> due, Instant now) {
        Map<String, Duration> nearestWarning = new HashMap<>();
        for (ScheduledTimer scheduled : due) {
            Timer timer = scheduled.timer();
            if (timer.kind().isWarning()) {
                nearestWarning.merge(deadlineOf(timer), timer.horizon(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<Decision> decisions = new ArrayList<>(due.size());
        for (ScheduledTimer scheduled : due) {
            Timer timer = scheduled.timer();
            boolean announce = !timer.kind().isWarning()
                    || now.isBefore(timer.deadline()) && timer.horizon().equals(nearestWarning.get(deadlineOf(timer)));
            decisions.add(new Decision(scheduled, announce));
        }
        return decisions;
    }

    private static String deadlineOf(Timer timer) {
        return timer.kind() + "|" + timer.entityId() + "|" + timer.deadline();
    }
}
