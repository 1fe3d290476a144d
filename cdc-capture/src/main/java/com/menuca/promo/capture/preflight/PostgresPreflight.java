package com.menuca.promo.capture.preflight;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.CaptureException;
import com.menuca.promo.capture.engine.CapturedTables;
import com.menuca.promo.common.retry.Retry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before Debezium starts, everything about PostgreSQL that would otherwise surface as an
 * obscure engine failure: reachability (TLS included), {@code wal_level}, the REPLICATION attribute,
 * the tables, the role's grants and the publication, replica identity and the replication slot. Each
 * failure says how to fix it.
 */
public final class PostgresPreflight {
    private static final Logger LOGGER = LoggerFactory.getLogger(PostgresPreflight.class);

    private final CaptureConfig config;

    public PostgresPreflight(CaptureConfig config) {
        this.config = config;
    }

    /**
     * Waits for PostgreSQL (retrying with backoff up to the start-up timeout), then checks it.
     *
     * @throws CaptureException when something must be fixed by a person
     */
    public void check() throws Exception {
        try (Connection connection = connectWithRetry()) {
            checkWalLevel(connection);
            checkReplicationPrivilege(connection);
            checkTables(connection);
            new RoleAccessCheck(config).check(connection);
            ensureReplicaIdentityFull(connection);
            checkSlot(connection);
        }
    }

    private Connection connectWithRetry() throws Exception {
        return Retry.of("connect to PostgreSQL at " + config.postgres().describe(), config.startupTimeout())
                .retryingOnly(PostgresPreflight::isTransient)
                .call(() -> config.postgres().connect());
    }

    /**
     * Connection refused, server starting up or shutting down: worth retrying. Bad password or database,
     * or TLS that cannot succeed (no TLS on the server, a certificate the CA did not sign or that names
     * another host): not.
     */
    static boolean isTransient(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException
                    || String.valueOf(t.getMessage()).contains("does not support SSL")
                    || String.valueOf(t.getMessage()).contains("could not be verified by hostnameverifier")) {
                return false;
            }
        }
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.equals("57P03") || state.equals("57P01");
        }
        return false;
    }

    private void checkWalLevel(Connection connection) throws SQLException {
        String walLevel = singleString(connection, "SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            throw new CaptureException("PostgreSQL at " + config.postgres().describe() + " runs with wal_level="
                    + walLevel + ", but change capture needs wal_level=logical. Fix: run "
                    + "ALTER SYSTEM SET wal_level = logical; (or set wal_level = logical in postgresql.conf; on a "
                    + "managed service enable logical replication) and restart PostgreSQL.");
        }
    }

    private void checkReplicationPrivilege(Connection connection) throws SQLException {
        String answer = singleString(connection,
                "SELECT (rolreplication OR rolsuper)::text FROM pg_roles WHERE rolname = current_user");
        if (!"true".equals(answer)) {
            throw new CaptureException("PostgreSQL user '" + config.postgres().user() + "' may not stream the WAL: it "
                    + "lacks the REPLICATION attribute. Fix: ALTER ROLE " + config.postgres().user()
                    + " WITH REPLICATION; (on Amazon RDS: GRANT rds_replication TO " + config.postgres().user()
                    + ";) or set postgres.user to a user that has it.");
        }
    }

    private void checkTables(Connection connection) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (String table : CapturedTables.published()) {
                exists.setString(1, table);
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        missing.add(table);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new CaptureException("Database '" + config.postgres().database() + "' at " + config.postgres().host() + ":"
                    + config.postgres().port() + " has no table " + String.join(", ", missing)
                    + ". Fix: apply the menuca_v3 migrations with `promo migrate` (`promo dev` applies them itself) "
                    + "or point postgres.database at the database that holds them.");
        }
    }

    /** Updates and deletes must carry the whole old row; set it where it is not, or say how to. */
    private void ensureReplicaIdentityFull(Connection connection) throws SQLException {
        try (PreparedStatement identity = connection.prepareStatement(
                "SELECT relreplident::text FROM pg_class WHERE oid = to_regclass(?)")) {
            for (String table : CapturedTables.published()) {
                identity.setString(1, table);
                String current;
                try (ResultSet rs = identity.executeQuery()) {
                    rs.next();
                    current = rs.getString(1);
                }
                if ("f".equals(current)) {
                    continue;
                }
                try (Statement alter = connection.createStatement()) {
                    alter.execute("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
                    LOGGER.info("Set REPLICA IDENTITY FULL on {} (was '{}')", table, current);
                } catch (SQLException e) {
                    throw new CaptureException("Table " + table + " has REPLICA IDENTITY '" + current
                            + "', so updates and deletes would not carry the old row, and user '"
                            + config.postgres().user() + "' cannot change it (" + e.getMessage() + "). Fix: ALTER TABLE "
                            + table + " REPLICA IDENTITY FULL; as the table owner.", e);
                }
            }
        }
    }

    private void checkSlot(Connection connection) throws SQLException {
        try (PreparedStatement slot = connection.prepareStatement(
                "SELECT active, active_pid, plugin, database FROM pg_replication_slots WHERE slot_name = ?")) {
            slot.setString(1, config.slotName());
            try (ResultSet rs = slot.executeQuery()) {
                if (rs.next()) {
                    if (rs.getBoolean(1)) {
                        throw new CaptureException("Replication slot '" + config.slotName() + "' is in use by "
                                + "PostgreSQL backend PID " + rs.getInt(2) + ": another capture is streaming from it. "
                                + "Fix: stop the other capture, or give each capture its own capture.slot.name.");
                    }
                    if (!"pgoutput".equals(rs.getString(3)) || !config.postgres().database().equals(rs.getString(4))) {
                        throw new CaptureException("Replication slot '" + config.slotName() + "' exists for plugin "
                                + rs.getString(3) + " on database " + rs.getString(4) + ", not pgoutput on "
                                + config.postgres().database() + ". Fix: choose another capture.slot.name, or drop that "
                                + "slot with SELECT pg_drop_replication_slot('" + config.slotName() + "'); if it is unused.");
                    }
                    LOGGER.info("Resuming replication slot '{}'", config.slotName());
                    return;
                }
            }
        }
        int free = Integer.parseInt(singleString(connection,
                "SELECT current_setting('max_replication_slots')::int - count(*) FROM pg_replication_slots"));
        if (free <= 0) {
            throw new CaptureException("PostgreSQL has no free replication slot for '" + config.slotName()
                    + "' (max_replication_slots is used up). Fix: drop unused slots (see pg_replication_slots) or raise "
                    + "max_replication_slots and restart PostgreSQL.");
        }
    }

    private static String singleString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
