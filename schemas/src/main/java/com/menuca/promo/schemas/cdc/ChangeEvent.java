package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The value of a change topic record: Debezium's change envelope as plain JSON.
 *
 * @param op     what happened to the row
 * @param before the row before the change (updates and deletes; REPLICA IDENTITY FULL makes it complete), else null
 * @param after  the row after the change (inserts, updates and snapshot reads), else null
 * @param source where in the WAL the change came from
 * @param tsMs   when the capture processed the change, epoch milliseconds
 */
public record ChangeEvent(
        @JsonProperty("op") Op op,
        @JsonProperty("before") ObjectNode before,
        @JsonProperty("after") ObjectNode after,
        @JsonProperty("source") ChangeSource source,
        @JsonProperty("ts_ms") long tsMs) {

    /** The row image a filter should be matched against: the old row for deletes, the new one otherwise. */
    public ObjectNode row() {
        return op == Op.DELETE ? before : after;
    }
}
