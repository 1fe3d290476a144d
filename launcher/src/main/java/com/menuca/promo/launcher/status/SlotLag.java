package com.menuca.promo.launcher.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A logical replication slot and the WAL it holds back: bytes between the server's current WAL
 * position and what the slot's consumer confirmed. PostgreSQL keeps all of it until confirmed.
 *
 * @param active    a consumer (the capture) is connected to the slot right now
 * @param lagBytes  WAL retained for this slot, in bytes
 */
public record SlotLag(@JsonProperty("name") String name, @JsonProperty("plugin") String plugin,
                      @JsonProperty("active") boolean active, @JsonProperty("lag_bytes") long lagBytes,
                      @JsonProperty("confirmed_flush_lsn") String confirmedFlushLsn) {

    /** Every logical slot of the connected database. */
    public static List<SlotLag> read(Connection connection) throws SQLException {
        List<SlotLag> slots = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT slot_name, plugin, active, confirmed_flush_lsn::text,
                       COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn), 0)::bigint
                FROM pg_replication_slots
                WHERE slot_type = 'logical' AND database = current_database()
                ORDER BY slot_name""")) {
            while (rs.next()) {
                slots.add(new SlotLag(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(5), rs.getString(4)));
            }
        }
        return slots;
    }
}
