package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Where in the change topics a derived record comes from: the change topic record, and the WAL
 * position PostgreSQL gave the change.
 *
 * @param topic     change topic ({@code menuca.menuca_v3.<table>})
 * @param partition partition of that topic
 * @param offset    offset in that partition
 * @param lsn       log sequence number of the change in PostgreSQL; null when the record could not be read
 */
public record SourcePosition(
        @JsonProperty("topic") String topic,
        @JsonProperty("partition") int partition,
        @JsonProperty("offset") long offset,
        @JsonProperty("lsn") Long lsn) {

    public SourcePosition {
        Objects.requireNonNull(topic, "topic");
    }
}
