package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Key of {@code promo.dead-letter}: the change topic record that could not be processed. */
public record DeadLetterKey(
        @JsonProperty("topic") String topic,
        @JsonProperty("partition") int partition,
        @JsonProperty("offset") long offset) {

    public static DeadLetterKey of(SourcePosition source) {
        return new DeadLetterKey(source.topic(), source.partition(), source.offset());
    }
}
