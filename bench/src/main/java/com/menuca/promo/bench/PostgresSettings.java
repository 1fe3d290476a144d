package com.menuca.promo.bench;

import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded PostgreSQL a benchmark measures: its durability settings, chosen per run and read back
 * from the server for the result file. The embedded server runs with {@code fsync=off} unless asked
 * (zonky starts it with {@code -F}); commit rates are then higher than on a durable server, so a
 * benchmark that compares commit rates offers {@code fsync=on} as a variant of its own.
 */
public final class PostgresSettings {
    private static final List<String> REPORTED = List.of("server_version", "fsync", "synchronous_commit",
            "full_page_writes", "wal_sync_method", "wal_level", "shared_buffers", "max_connections");

    private PostgresSettings() {
    }

    /** Server settings for a benchmark: logical replication, and fsync as asked ({@code -c fsync=on} overrides {@code -F}). */
    public static Map<String, String> serverConfig(boolean fsync) {
        Map<String, String> config = new LinkedHashMap<>(EmbeddedPostgresServer.logicalReplicationConfig());
        config.put("fsync", fsync ? "on" : "off");
        return config;
    }

    /** The settings as the server reports them, e.g. {@code fsync=on}. */
    public static Map<String, Object> describe(Connection connection) throws SQLException {
        Map<String, Object> settings = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            for (String name : REPORTED) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        settings.put("runs_as", "embedded PostgreSQL (zonky) on this machine, data on its local disk");
        return settings;
    }

    /** Fails unless the server's fsync is what the run claims: a variant must be real, not a label. */
    public static void requireFsync(Connection connection, boolean fsync) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SHOW fsync")) {
            rs.next();
            String actual = rs.getString(1);
            if (!actual.equals(fsync ? "on" : "off")) {
                throw new IllegalStateException("PostgreSQL runs with fsync=" + actual + " but the run asked for fsync="
                        + (fsync ? "on" : "off"));
            }
        }
    }
}
