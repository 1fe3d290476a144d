package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a change came from (Debezium's {@code source} block; only the fields our contract promises).
 *
 * @param tsMs     commit time of the transaction in PostgreSQL, epoch milliseconds
 * @param snapshot {@code "true"}, {@code "first"}, {@code "last"} ... for snapshot reads, {@code "false"} when streamed
 * @param db       database name
 * @param schema   {@code menuca_v3}
 * @param table    table name
 * @param txId     PostgreSQL transaction id
 * @param lsn      log sequence number of the change
 */
public record ChangeSource(
        @JsonProperty("ts_ms") long tsMs,
        @JsonProperty("snapshot") String snapshot,
        @JsonProperty("db") String db,
        @JsonProperty("schema") String schema,
        @JsonProperty("table") String table,
        @JsonProperty("txId") Long txId,
        @JsonProperty("lsn") Long lsn) {
}
