package com.menuca.promo.capture.engine;

import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tables in the capture's publication: the five promotion tables, plus the heartbeat table whose
 * changes exist only to move the replication slot forward and are never published to Kafka.
 */
public final class CapturedTables {
    /** Written by Debezium's heartbeat action query. */
    public static final String HEARTBEAT_TABLE = CdcTable.SCHEMA + ".cdc_heartbeat";

    private CapturedTables() {
    }

    /** The five promotion tables, schema-qualified. */
    public static List<String> published() {
        return Arrays.stream(CdcTable.values()).map(CdcTable::qualifiedName).toList();
    }

    /** Everything in the publication (Debezium's {@code table.include.list}). */
    public static List<String> all() {
        List<String> tables = new ArrayList<>(published());
        tables.add(HEARTBEAT_TABLE);
        return tables;
    }

    /** The upsert Debezium runs at each heartbeat interval. */
    public static String heartbeatQuery() {
        return "INSERT INTO " + HEARTBEAT_TABLE + " (id, beat_at) VALUES (1, now()) "
                + "ON CONFLICT (id) DO UPDATE SET beat_at = EXCLUDED.beat_at";
    }
}
