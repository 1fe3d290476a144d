package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Value of {@code promo.dead-letter} (key {@link DeadLetterKey}): a change the processor could not
 * turn into derived records, kept with why and where it came from so a person can fix and replay it.
 *
 * @param reason   machine-readable cause: {@code unparseable}, {@code invalid_row},
 *                 {@code missing_reference} or {@code processing_failed}
 * @param detail   what exactly was wrong, in words
 * @param stage    the topology step that gave up ({@code intake}, {@code restaurant}, {@code customer})
 * @param source   the change topic record
 * @param key      the change record's key as text (null when absent)
 * @param value    the change record's value as text, unchanged
 * @param failedAt when the processor gave up on it
 */
public record DeadLetter(
        @JsonProperty("reason") String reason,
        @JsonProperty("detail") String detail,
        @JsonProperty("stage") String stage,
        @JsonProperty("source") SourcePosition source,
        @JsonProperty("key") String key,
        @JsonProperty("value") String value,
        @JsonProperty("failed_at") Instant failedAt) {

    public DeadLetterKey deadLetterKey() {
        return DeadLetterKey.of(source);
    }
}
