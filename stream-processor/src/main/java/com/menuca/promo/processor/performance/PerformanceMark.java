package com.menuca.promo.processor.performance;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * When a restaurant's performance must be published again.
 *
 * @param dirty          something changed since the last publication
 * @param lastEmittedMs  wall-clock time of the last publication (0: never)
 * @param timeSensitiveUntilMs until when its last-hour or today numbers still move with time alone
 */
public record PerformanceMark(
        @JsonProperty("dirty") boolean dirty,
        @JsonProperty("last_emitted_ms") long lastEmittedMs,
        @JsonProperty("time_sensitive_until_ms") long timeSensitiveUntilMs) {

    static final PerformanceMark NEW = new PerformanceMark(false, 0, 0);
}
