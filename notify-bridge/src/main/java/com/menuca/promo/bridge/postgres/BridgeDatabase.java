package com.menuca.promo.bridge.postgres;

import com.menuca.promo.bridge.NotifyBridgeException;
import com.menuca.promo.common.postgres.PostgresConnection;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * The bridge's one connection to PostgreSQL. It holds the bridge's advisory lock (a session lock:
 * PostgreSQL drops it the moment the connection goes, a {@code kill -9} included, so a standing-by
 * instance takes over) and runs each batch as one transaction: the large payloads, every
 * {@code NOTIFY} in order, and the new positions. PostgreSQL delivers a transaction's notifications
 * only when it commits, so the notifications and the position are made durable together, or not at all.
 */
public final class BridgeDatabase implements AutoCloseable {
    private final Connection connection;
    private final String schema;
    private final String bridge;

    private BridgeDatabase(Connection connection, String schema, String bridge) {
        this.connection = connection;
        this.schema = schema;
        this.bridge = bridge;
    }

    /**
     * Connects (autocommit off).
     *
     * @param schema a plain identifier (checked by the config)
     * @param bridge the bridge's name: its positions and its lock
     */
    public static BridgeDatabase connect(PostgresConnection postgres, String schema, String bridge) throws SQLException {
        // user, password and TLS (sslmode, sslrootcert) as every service connects
        Properties props = postgres.jdbcProperties();
        props.setProperty("ApplicationName", "promo-notify-bridge");
        props.setProperty("tcpKeepAlive", "true");
        Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), props);
        connection.setAutoCommit(false);
        return new BridgeDatabase(connection, schema, bridge);
    }

    /**
     * Creates the bridge's schema and tables where they are missing. A role without the right to create
     * them gets the SQL an administrator runs once instead.
     */
    public void ensureSchema() throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (!exists("SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'")) {
                s.execute("CREATE SCHEMA " + schema);
            }
            if (!exists("SELECT to_regclass('" + schema + ".positions')")) {
                s.execute(positionsDdl());
            }
            if (!exists("SELECT to_regclass('" + schema + ".payloads')")) {
                s.execute(payloadsDdl());
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if ("42501".equals(e.getSQLState())) {
                throw new NotifyBridgeException("The notify bridge may not create its schema " + schema + ": "
                        + e.getMessage() + ". Have an administrator run once:\n" + setupSql(), e);
            }
            throw e;
        }
    }

    /** The SQL that makes the bridge's schema ahead, for a role that may not create it. */
    public String setupSql() {
        return "CREATE SCHEMA " + schema + " AUTHORIZATION <bridge role>;\n" + positionsDdl() + ";\n" + payloadsDdl() + ";";
    }

    private String positionsDdl() {
        return "CREATE TABLE " + schema + ".positions (bridge text NOT NULL, topic text NOT NULL, partition integer NOT NULL, "
                + "next_offset bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), "
                + "PRIMARY KEY (bridge, topic, partition))";
    }

    private String payloadsDdl() {
        return "CREATE TABLE " + schema + ".payloads (event_id text PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL, "
                + "stored_at timestamptz NOT NULL DEFAULT now())";
    }

    private boolean exists(String query) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next() && rs.getObject(1) != null;
        }
    }

    /** Tries to become the active instance of the bridge; true when this connection now holds its lock. */
    public boolean tryLock() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
            s.setString(1, "promo-notify-bridge:" + bridge);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                boolean locked = rs.getBoolean(1);
                connection.commit();
                return locked;
            }
        }
    }

    /** The bridge's stored positions. */
    public List<StoredPosition> positions() throws SQLException {
        List<StoredPosition> positions = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT topic, partition, next_offset FROM " + schema + ".positions WHERE bridge = ?")) {
            s.setString(1, bridge);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    positions.add(new StoredPosition(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
        }
        connection.commit();
        return positions;
    }

    /**
     * In one transaction: stores the large payloads, issues every notification in order, stores the
     * positions after them, and commits. On any failure nothing of it happened.
     */
    public void notifyAndAdvance(Collection<LargePayload> large, List<Notification> notifications,
                                 Collection<StoredPosition> positions) throws SQLException {
        try {
            if (!large.isEmpty()) {
                try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + schema + ".payloads "
                        + "(event_id, type, payload) VALUES (?, ?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING")) {
                    for (LargePayload payload : large) {
                        s.setString(1, payload.eventId());
                        s.setString(2, payload.type());
                        s.setString(3, payload.json());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            if (!notifications.isEmpty()) {
                // one round trip; unnest yields the arrays in order, so the NOTIFYs are issued in order
                Array channels = connection.createArrayOf("text", notifications.stream().map(Notification::channel).toArray());
                Array payloads = connection.createArrayOf("text", notifications.stream().map(Notification::payload).toArray());
                try (PreparedStatement s = connection.prepareStatement(
                        "SELECT count(pg_notify(c, p)) FROM unnest(?::text[], ?::text[]) AS n(c, p)")) {
                    s.setArray(1, channels);
                    s.setArray(2, payloads);
                    s.executeQuery().close();
                }
            }
            try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + schema + ".positions "
                    + "(bridge, topic, partition, next_offset) VALUES (?, ?, ?, ?) ON CONFLICT (bridge, topic, partition) "
                    + "DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()")) {
                for (StoredPosition position : positions) {
                    s.setString(1, bridge);
                    s.setString(2, position.topic());
                    s.setInt(3, position.partition());
                    s.setLong(4, position.nextOffset());
                    s.addBatch();
                }
                s.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** Deletes large payloads stored longer ago than {@code retention}; returns how many. */
    public int forgetPayloadsOlderThan(Duration retention) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "DELETE FROM " + schema + ".payloads WHERE stored_at < now() - make_interval(secs => ?)")) {
            s.setDouble(1, retention.toMillis() / 1000.0);
            int deleted = s.executeUpdate();
            connection.commit();
            return deleted;
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /** How full PostgreSQL's notification queue is, 0 to 1 (a listener that stops reading fills it). */
    public double queueUsage() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_notification_queue_usage()")) {
            rs.next();
            double usage = rs.getDouble(1);
            connection.commit();
            return usage;
        }
    }

    public boolean isValid() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the transaction is gone with it
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a broken connection
        }
    }
}
