package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.cdc.Op;

/**
 * The part of a change topic's Debezium envelope the intake reads (contract:
 * {@code common/change-envelope.json}). Besides the fields of {@code schemas.cdc.ChangeEvent} it
 * reads {@code source.sequence}, the WAL order of streamed changes, to drop redeliveries.
 */
record Envelope(
        @JsonProperty("op") Op op,
        @JsonProperty("before") JsonNode before,
        @JsonProperty("after") JsonNode after,
        @JsonProperty("source") Source source) {

    /**
     * @param tsMs     commit time, epoch milliseconds
     * @param snapshot "false" for streamed changes
     * @param table    table name
     * @param lsn      LSN of the change
     * @param sequence {@code ["<last commit LSN>","<LSN>"]} as JSON text; null when absent
     */
    record Source(
            @JsonProperty("ts_ms") long tsMs,
            @JsonProperty("snapshot") String snapshot,
            @JsonProperty("table") String table,
            @JsonProperty("lsn") Long lsn,
            @JsonProperty("sequence") String sequence) {
    }

    static JsonNode image(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
