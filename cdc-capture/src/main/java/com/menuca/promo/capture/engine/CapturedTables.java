package com.menuca.promo.capture.engine;

import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.Arrays;
import java.util.List;

/**
 * The tables in the capture's publication, the five promotion tables, and the heartbeat that keeps
 * the replication slot moving while they are idle.
 */
public final class CapturedTables {
    /** Prefix of the heartbeat's logical decoding message; Debezium is told to skip such messages. */
    public static final String HEARTBEAT_MESSAGE_PREFIX = "promo-capture-heartbeat";

    private CapturedTables() {
    }

    /** The five promotion tables, schema-qualified: the publication and Debezium's {@code table.include.list}. */
    public static List<String> published() {
        return Arrays.stream(CdcTable.values()).map(CdcTable::qualifiedName).toList();
    }

    /**
     * What Debezium runs at each heartbeat interval: a logical decoding message written to the WAL,
     * outside any table. When the five tables are idle but the database is not, the capture still
     * receives something at the WAL's end and confirms that position, so PostgreSQL can recycle the
     * WAL before it. Unlike a heartbeat table, it needs no write privilege and no table in the
     * publication: the capture's role keeps only REPLICATION and SELECT.
     */
    public static String heartbeatQuery() {
        return "SELECT pg_logical_emit_message(false, '" + HEARTBEAT_MESSAGE_PREFIX + "', now()::text)";
    }
}
