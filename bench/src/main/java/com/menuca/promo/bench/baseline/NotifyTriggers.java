package com.menuca.promo.bench.baseline;

import com.menuca.promo.schemas.cdc.CdcTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Row triggers on the five promotion tables that {@code pg_notify} every change, as the original
 * design did: the table, the operation and the new and old rows as JSON, on one channel. They run
 * inside the writer's transaction (the cost the writers pay); notifications are delivered at commit.
 */
public final class NotifyTriggers {
    /** The channel the relay listens on. */
    public static final String CHANNEL = "promo_changes";
    private static final String FUNCTION = "public.promo_bench_notify_change";
    private static final String TRIGGER = "promo_bench_notify";

    private NotifyTriggers() {
    }

    public static void install(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("""
                    CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        PERFORM pg_notify('%s', json_build_object(
                            'schema', TG_TABLE_SCHEMA,
                            'table', TG_TABLE_NAME,
                            'type', TG_OP,
                            'commit_timestamp', now(),
                            'record', CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE row_to_json(NEW) END,
                            'old_record', CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE row_to_json(OLD) END)::text);
                        RETURN NULL;
                    END;
                    $$""".formatted(FUNCTION, CHANNEL));
            for (CdcTable table : CdcTable.values()) {
                s.execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + table.qualifiedName());
                s.execute("CREATE TRIGGER " + TRIGGER + " AFTER INSERT OR UPDATE OR DELETE ON " + table.qualifiedName()
                        + " FOR EACH ROW EXECUTE FUNCTION " + FUNCTION + "()");
            }
        }
    }

    public static void remove(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (CdcTable table : CdcTable.values()) {
                s.execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + table.qualifiedName());
            }
            s.execute("DROP FUNCTION IF EXISTS " + FUNCTION + "()");
        }
    }
}
