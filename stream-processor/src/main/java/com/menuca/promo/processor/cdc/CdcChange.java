package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.derived.SourcePosition;
import java.time.Instant;

/**
 * One checked row change, as it travels from intake to the per-restaurant derivations (through the
 * processor's internal repartition topic).
 *
 * @param table    the table changed
 * @param op       insert, update, delete or snapshot read
 * @param before   the old row (updates and deletes), else null
 * @param after    the new row (inserts, updates, snapshot reads), else null
 * @param rowKey   the primary key as text ({@code id=83}): with the LSN it identifies the change in the WAL
 * @param commitTs commit time in PostgreSQL, epoch milliseconds
 * @param source   the change topic record
 * @param sequence its place in the WAL order (streamed changes), else null
 * @param part     0, or 1 and 2 for the two halves of an update that moved a row to another restaurant
 */
public record CdcChange(
        @JsonProperty("table") CdcTable table,
        @JsonProperty("op") Op op,
        @JsonProperty("before") Row before,
        @JsonProperty("after") Row after,
        @JsonProperty("row_key") String rowKey,
        @JsonProperty("commit_ts") long commitTs,
        @JsonProperty("source") SourcePosition source,
        @JsonProperty("sequence") WalSequence sequence,
        @JsonProperty("part") int part) {

    /** A snapshot read: existing state, not news. Updates state silently, never announces anything. */
    @JsonIgnore
    public boolean isSnapshot() {
        return op == Op.READ;
    }

    @JsonIgnore
    public Instant committedAt() {
        return Instant.ofEpochMilli(commitTs);
    }

    /** The old row as its table's type ({@code DealRow}, {@code CouponRow}, {@code UsageRow}), or null. */
    public <T extends Row> T before(Class<T> type) {
        return before == null ? null : type.cast(before);
    }

    /** The new row as its table's type, or null. */
    public <T extends Row> T after(Class<T> type) {
        return after == null ? null : type.cast(after);
    }

    /**
     * Identifies the change in the WAL, whichever topic offset delivered it: table, LSN and row key
     * (snapshot reads share one LSN, so the key is needed). A redelivered change has the same one.
     */
    @JsonIgnore
    public String walPosition() {
        String lsn = source.lsn() != null ? String.valueOf(source.lsn())
                : "offset:" + source.topic() + "/" + source.partition() + "/" + source.offset();
        return table.tableName() + "|" + lsn + "|" + rowKey + (part == 0 ? "" : "|part" + part);
    }

    /** The same change with other row images, as one half of a split update. */
    public CdcChange withImages(Op newOp, Row newBefore, Row newAfter, int newPart) {
        return new CdcChange(table, newOp, newBefore, newAfter, rowKey, commitTs, source, sequence, newPart);
    }
}
