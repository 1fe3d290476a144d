package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.derived.SourcePosition;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.StringJoiner;

/**
 * Turns a change topic record into a {@link CdcChange} with typed rows, or says precisely why it
 * cannot: not JSON, not a Debezium envelope, an operation without the row images it needs, or a row
 * that breaks its table's contract.
 */
public final class ChangeParser {
    private ChangeParser() {
    }

    /**
     * @param topic     the change topic the record was read from (deals, coupons or usage)
     * @param partition its partition
     * @param offset    its offset
     * @param value     the record value (the envelope)
     * @throws InvalidChangeException with the dead-letter reason
     */
    public static CdcChange parse(String topic, int partition, long offset, byte[] value) {
        CdcTable table = CdcTable.byTopic(topic).orElseThrow(() -> new InvalidChangeException(
                InvalidChangeException.UNPARSEABLE, "topic " + topic + " is not a change topic"));
        Envelope envelope = readEnvelope(table, value);
        Long lsn = envelope.source() == null ? null : envelope.source().lsn();
        try {
            return check(table, envelope, new SourcePosition(topic, partition, offset, lsn));
        } catch (InvalidChangeException e) {
            throw e.at(lsn);
        }
    }

    private static CdcChange check(CdcTable table, Envelope envelope, SourcePosition position) {
        if (envelope.op() == null) {
            throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE, "change envelope has no op");
        }
        if (envelope.source() == null) {
            throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE, "change envelope has no source block");
        }
        if (envelope.source().table() != null && !envelope.source().table().equals(table.tableName())) {
            throw new InvalidChangeException(InvalidChangeException.INVALID_ROW, "change of table "
                    + envelope.source().table() + " on the topic of " + table.tableName());
        }
        long commitMillis = envelope.source().tsMs();
        // every derived event carries its change's commit time as occurred_at, an RFC 3339 date-time:
        // a commit time no calendar date of years 1 to 9999 names is refused here, not published
        if (!RowFields.withinHeldYears(Instant.ofEpochMilli(commitMillis))) {
            throw new InvalidChangeException(InvalidChangeException.INVALID_ROW,
                    "change of " + table.tableName() + " has a commit time (source.ts_ms " + commitMillis
                            + ") outside years 1 to 9999");
        }
        Op op = envelope.op();
        JsonNode before = Envelope.image(envelope.before());
        JsonNode after = Envelope.image(envelope.after());
        JsonNode keyRow = switch (op) {
            case CREATE, READ -> require(after, table, op, "after");
            case UPDATE -> {
                require(before, table, op, "before (is REPLICA IDENTITY FULL set on the table?)");
                yield require(after, table, op, "after");
            }
            case DELETE -> require(before, table, op, "before (is REPLICA IDENTITY FULL set on the table?)");
            default -> throw new InvalidChangeException(InvalidChangeException.INVALID_ROW, "operation '"
                    + op.code() + "' on " + table.tableName() + " is not derivable (truncate and messages are "
                    + "not supported; re-derive with promo process --reset after a truncate)");
        };
        WalSequence sequence = op == Op.READ ? null : WalSequence.parse(envelope.source().sequence());
        return new CdcChange(table, op, row(table, before), row(table, after), rowKey(table, keyRow),
                envelope.source().tsMs(), position, sequence, 0);
    }

    private static Envelope readEnvelope(CdcTable table, byte[] value) {
        if (value == null) {
            throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE, "record has no value");
        }
        try {
            return Json.mapper().readValue(value, Envelope.class);
        } catch (IOException e) {
            throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE, "not a Debezium change envelope of "
                    + table.tableName() + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static JsonNode require(JsonNode image, CdcTable table, Op op, String what) {
        if (image == null) {
            throw new InvalidChangeException(InvalidChangeException.INVALID_ROW, "'" + op.code() + "' change of "
                    + table.tableName() + " without the " + what + " row image");
        }
        if (!image.isObject()) {
            throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE, "the " + what + " row image of "
                    + table.tableName() + " is not an object");
        }
        return image;
    }

    /** Reads the image as its typed row, which checks every column the derivations need. */
    private static Row row(CdcTable table, JsonNode image) {
        if (image == null) {
            return null;
        }
        return switch (table) {
            case PROMOTIONAL_DEALS -> DealRow.of(image);
            case PROMOTIONAL_COUPONS -> CouponRow.of(image);
            case COUPON_USAGE_LOG -> UsageRow.of(image);
            default -> throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE,
                    "no derivation reads " + table.tableName());
        };
    }

    private static String rowKey(CdcTable table, JsonNode row) {
        StringJoiner key = new StringJoiner(",");
        for (String column : table.primaryKey()) {
            JsonNode value = row.get(column);
            if (value == null || value.isNull()) {
                throw new InvalidChangeException(InvalidChangeException.INVALID_ROW, table.tableName()
                        + " row: primary key column " + column + " is missing");
            }
            key.add(column + "=" + value.asText());
        }
        return key.toString();
    }
}
