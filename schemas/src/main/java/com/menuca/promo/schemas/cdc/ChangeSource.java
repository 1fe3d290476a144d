package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Where a change came from (Debezium's {@code source} block; the fields our contract requires).
 *
 * @param version   Debezium version
 * @param connector always {@code postgresql}
 * @param name      logical source name (Debezium's {@code topic.prefix}): {@code menuca}
 * @param tsMs      commit time of the transaction in PostgreSQL, epoch milliseconds (snapshot reads: when
 *                  the snapshot read the row); also the record's Kafka timestamp
 * @param snapshot  {@code "true"}, {@code "first"}, {@code "last"} ... for snapshot reads, {@code "false"} when streamed
 * @param db        database name
 * @param schema    {@code menuca_v3}
 * @param table     table name
 * @param txId      PostgreSQL transaction id
 * @param lsn       log sequence number of the change
 */
public record ChangeSource(
        @JsonProperty("version") String version,
        @JsonProperty("connector") String connector,
        @JsonProperty("name") String name,
        @JsonProperty("ts_ms") long tsMs,
        @JsonProperty("snapshot") String snapshot,
        @JsonProperty("db") String db,
        @JsonProperty("schema") String schema,
        @JsonProperty("table") String table,
        @JsonProperty("txId") Long txId,
        @JsonProperty("lsn") Long lsn) {

    /** The commit time as an instant. */
    public Instant committedAt() {
        return Instant.ofEpochMilli(tsMs);
    }
}
