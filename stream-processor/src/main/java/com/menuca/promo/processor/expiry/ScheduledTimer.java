package com.menuca.promo.processor.expiry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.schemas.derived.SourcePosition;
import java.time.Instant;

/**
 * A timer in the index, with the change that scheduled it.
 *
 * @param timer         the timer
 * @param scheduledBy   the change topic record whose change scheduled it
 * @param scheduledAtMs that change's commit time
 */
public record ScheduledTimer(
        @JsonProperty("timer") Timer timer,
        @JsonProperty("scheduled_by") SourcePosition scheduledBy,
        @JsonProperty("scheduled_at_ms") long scheduledAtMs) {

    /**
     * When the announced thing happened, independent of when the processor got to it: the firing
     * time, or the scheduling change's commit if that came later (a deal inserted 30 minutes before
     * its end is "expiring within the hour" from its insert).
     */
    @JsonIgnore
    public Instant occurredAt() {
        Instant scheduledAt = Instant.ofEpochMilli(scheduledAtMs);
        return timer.fireAt().isAfter(scheduledAt) ? timer.fireAt() : scheduledAt;
    }
}
