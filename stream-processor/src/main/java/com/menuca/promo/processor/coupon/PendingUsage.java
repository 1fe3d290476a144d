package com.menuca.promo.processor.coupon;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.cdc.CdcChange;

/**
 * A usage change waiting for its coupon (or the coupon's deal) to arrive.
 *
 * @param change      the change
 * @param sequence    its arrival order within the task (kept when it waits again)
 * @param parkedAtMs  wall-clock time it started waiting
 * @param waitingFor  what is missing, in words
 */
public record PendingUsage(
        @JsonProperty("change") CdcChange change,
        @JsonProperty("sequence") long sequence,
        @JsonProperty("parked_at_ms") long parkedAtMs,
        @JsonProperty("waiting_for") String waitingFor) {
}
