package com.menuca.promo.capture.preflight;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.CaptureException;
import com.menuca.promo.capture.engine.CapturedTables;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the capture's role may do, checked before Debezium finds out the hard way: it can run as a
 * least-privileged role (REPLICATION, USAGE on the schema, SELECT on the five tables) when an
 * administrator created the publication ahead. Each failure names the missing grant and the SQL that
 * gives it.
 */
final class RoleAccessCheck {
    private final CaptureConfig config;
    private final String role;

    RoleAccessCheck(CaptureConfig config) {
        this.config = config;
        this.role = config.postgres().user();
    }

    void check(Connection connection) throws SQLException {
        checkSchemaUsage(connection);
        checkSelect(connection);
        checkPublication(connection);
    }

    private void checkSchemaUsage(Connection connection) throws SQLException {
        if (!bool(connection, "SELECT has_schema_privilege(?, 'USAGE')", CdcTable.SCHEMA)) {
            throw new CaptureException("PostgreSQL role '" + role + "' may not use schema " + CdcTable.SCHEMA
                    + ". Fix, as an administrator: GRANT USAGE ON SCHEMA " + CdcTable.SCHEMA + " TO " + role + ";");
        }
    }

    /** The initial snapshot reads the tables; streaming itself needs no SELECT, but the snapshot comes first. */
    private void checkSelect(Connection connection) throws SQLException {
        List<String> unreadable = new ArrayList<>();
        for (String table : CapturedTables.published()) {
            if (!bool(connection, "SELECT has_table_privilege(?, 'SELECT')", table)) {
                unreadable.add(table);
            }
        }
        if (!unreadable.isEmpty()) {
            throw new CaptureException("PostgreSQL role '" + role + "' may not read " + String.join(", ", unreadable)
                    + " (the initial snapshot selects every row). Fix, as an administrator: GRANT SELECT ON "
                    + String.join(", ", unreadable) + " TO " + role + ";");
        }
    }

    /**
     * Debezium uses a publication that lists exactly the five tables as it is; anything else it creates
     * or alters, which only the tables' owner may. Say what an administrator must run when this role may not.
     */
    private void checkPublication(Connection connection) throws SQLException {
        String name = config.publicationName();
        Set<String> wanted = new TreeSet<>(CapturedTables.published());
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT puballtables, pubinsert AND pubupdate AND pubdelete,
                       pg_has_role(current_user, pubowner, 'USAGE')
                FROM pg_publication WHERE pubname = ?""")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    if (!mayCreatePublication(connection)) {
                        throw new CaptureException("Publication '" + name + "' does not exist and PostgreSQL role '" + role
                                + "' may not create it (that takes CREATE on the database and owning the five tables). "
                                + "Fix, as an administrator: " + createSql(name, wanted));
                    }
                    return;
                }
                boolean allTables = rs.getBoolean(1);
                boolean everyOperation = rs.getBoolean(2);
                boolean owner = rs.getBoolean(3) && ownsTables(connection);
                Set<String> published = publishedTables(connection, name);
                if (!everyOperation) {
                    throw new CaptureException("Publication '" + name + "' does not publish every insert, update and "
                            + "delete, so changes would be missed. Fix, as its owner: ALTER PUBLICATION " + name
                            + " SET (publish = 'insert, update, delete, truncate');");
                }
                if ((allTables || !published.equals(wanted)) && !owner) {
                    throw new CaptureException("Publication '" + name + "' publishes " + (allTables ? "all tables"
                            : published.isEmpty() ? "no table" : String.join(", ", published)) + ", but the capture needs "
                            + "exactly the five promotion tables, and PostgreSQL role '" + role + "' may not change it. "
                            + "Fix, as its owner: " + (allTables ? "DROP PUBLICATION " + name + "; " + createSql(name, wanted)
                            : "ALTER PUBLICATION " + name + " SET TABLE " + String.join(", ", wanted) + ";")
                            + " (or set capture.publication.name to a publication that lists exactly them)");
                }
            }
        }
    }

    private boolean mayCreatePublication(Connection connection) throws SQLException {
        return bool(connection, "SELECT has_database_privilege(?, 'CREATE')", config.postgres().database())
                && ownsTables(connection);
    }

    /** Superusers own everything; otherwise the role must be (a member of) each table's owner. */
    private static boolean ownsTables(Connection connection) throws SQLException {
        for (String table : CapturedTables.published()) {
            if (!bool(connection, "SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass(?)",
                    table)) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> publishedTables(Connection connection, String publication) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    static String createSql(String publication, Set<String> tables) {
        return "CREATE PUBLICATION " + publication + " FOR TABLE " + String.join(", ", tables) + ";";
    }

    private static boolean bool(Connection connection, String sql, String argument) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, argument);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
