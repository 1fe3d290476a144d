package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.derived.SourcePosition;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.util.StringJoiner;

/**
 * Turns a change topic record into a {@link CdcChange}, or says precisely why it cannot: not JSON,
 * not a Debezium envelope, an operation without the row images it needs, or a row that breaks its
 * table's contract.
 */
public final class ChangeParser {
    private ChangeParser() {
    }

    /**
     * @param topic     the change topic the record was read from
     * @param partition its partition
     * @param offset    its offset
     * @param value     the record value (the envelope)
     * @throws InvalidChangeException with the dead-letter reason
     */
    public static CdcChange parse(String topic, int partition, long offset, byte[] value) {
        CdcTable table = CdcTable.byTopic(topic).orElseThrow(() -> new InvalidChangeException(
                InvalidChangeException.UNPARSEABLE, "topic " + topic + " is not a change topic"));
        ChangeEvent event = readEnvelope(table, value);
        Long lsn = event.source() == null ? null : event.source().lsn();
        try {
            return check(table, event, new SourcePosition(topic, partition, offset, lsn));
        } catch (InvalidChangeException e) {
            throw e.at(lsn);
        }
    }

    private static CdcChange check(CdcTable table, ChangeEvent event, SourcePosition position) {
        if (event.op() == null) {
            throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE, "change envelope has no op");
        }
        if (event.source() == null) {
            throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE, "change envelope has no source block");
        }
        if (event.source().table() != null && !event.source().table().equals(table.tableName())) {
            throw new InvalidChangeException(InvalidChangeException.INVALID_ROW, "change of table "
                    + event.source().table() + " on the topic of " + table.tableName());
        }
        ObjectNode keyRow = switch (event.op()) {
            case CREATE, READ -> require(event.after(), table, event.op(), "after");
            case UPDATE -> {
                require(event.before(), table, event.op(), "before (is REPLICA IDENTITY FULL set on the table?)");
                yield require(event.after(), table, event.op(), "after");
            }
            case DELETE -> require(event.before(), table, event.op(), "before (is REPLICA IDENTITY FULL set on the table?)");
            default -> throw new InvalidChangeException(InvalidChangeException.INVALID_ROW, "operation '"
                    + event.op().code() + "' on " + table.tableName() + " is not derivable (truncate and messages are "
                    + "not supported; re-derive with promo process --reset after a truncate)");
        };
        checkRow(table, event.before());
        checkRow(table, event.after());
        return new CdcChange(table, event.op(), event.before(), event.after(), rowKey(table, keyRow),
                event.source().tsMs(), position, 0);
    }

    private static ChangeEvent readEnvelope(CdcTable table, byte[] value) {
        if (value == null) {
            throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE, "record has no value");
        }
        try {
            return Json.mapper().readValue(value, ChangeEvent.class);
        } catch (IOException e) {
            throw new InvalidChangeException(InvalidChangeException.UNPARSEABLE, "not a Debezium change envelope of "
                    + table.tableName() + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static ObjectNode require(ObjectNode image, CdcTable table, Op op, String what) {
        if (image == null) {
            throw new InvalidChangeException(InvalidChangeException.INVALID_ROW, "'" + op.code() + "' change of "
                    + table.tableName() + " without the " + what + " row image");
        }
        return image;
    }

    /** Reads the image as its typed row, which checks every column the derivations need. */
    private static void checkRow(CdcTable table, ObjectNode image) {
        if (image == null) {
            return;
        }
        switch (table) {
            case PROMOTIONAL_DEALS -> DealRow.of(image);
            case PROMOTIONAL_COUPONS -> CouponRow.of(image);
            case COUPON_USAGE_LOG -> UsageRow.of(image);
            default -> {
                // tags and tag associations are not derived from
            }
        }
    }

    private static String rowKey(CdcTable table, ObjectNode row) {
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
