package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The value of a change topic record: Debezium's change envelope as plain JSON, with the row images
 * typed as the table's row record ({@link PromotionalDeal}, {@link CouponUsage}...) or, for code that
 * handles every table alike, as {@link ObjectNode} ({@link #UNTYPED}).
 *
 * <p>The record's Kafka timestamp is {@link #committedAt()}: the commit time in PostgreSQL.
 *
 * @param op     what happened to the row
 * @param before the row before the change (updates and deletes; REPLICA IDENTITY FULL makes it complete), else null
 * @param after  the row after the change (inserts, updates and snapshot reads), else null
 * @param source where in the WAL the change came from, and when it was committed
 * @param tsMs   when the capture processed the change, epoch milliseconds
 * @param <R>    the row type
 */
public record ChangeEvent<R>(
        @JsonProperty("op") Op op,
        @JsonProperty("before") R before,
        @JsonProperty("after") R after,
        @JsonProperty("source") ChangeSource source,
        @JsonProperty("ts_ms") long tsMs) {

    /** The Jackson type of a change whose rows are left as JSON objects. */
    public static final TypeReference<ChangeEvent<ObjectNode>> UNTYPED = new TypeReference<>() {
    };

    /** The row image a filter should be matched against: the old row for deletes, the new one otherwise. */
    public R row() {
        return op == Op.DELETE ? before : after;
    }

    /**
     * When the transaction committed in PostgreSQL ({@code source.ts_ms}); for a snapshot read, when the
     * snapshot read the row. Also the record's Kafka timestamp.
     */
    public Instant committedAt() {
        return source.committedAt();
    }
}
