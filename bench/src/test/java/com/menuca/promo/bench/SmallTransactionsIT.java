package com.menuca.promo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.infra.Directories;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.migrations.SchemaMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The capture benchmark's small-transaction load does what its figures claim: one committed transaction
 * per changed row, on all five tables, inserts, updates and deletes; and its fsync=on variant is real.
 */
class SmallTransactionsIT {

    @Test
    void shouldCommitEveryRowChangeAsATransactionOfItsOwnOnAllFiveTables() throws Exception {
        Path home = Files.createTempDirectory("small-tx-it");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(home.resolve("pg"), 0,
                PostgresSettings.serverConfig(true))) {
            SchemaMigrator.migrate(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
            try (Connection c = postgres.connect()) {
                PostgresSettings.requireFsync(c, true);
                assertThat(PostgresSettings.describe(c)).containsEntry("fsync", "on");
            }
            SmallTransactions load = SmallTransactions.prepare(postgres, 2);

            long committed = load.run(2, SmallTransactions.CHUNK, Long.MAX_VALUE);

            assertThat(committed).isEqualTo(2L * SmallTransactions.CHUNK);
            int cycles = 2 * SmallTransactions.CHUNK / 20;
            try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
                // per cycle 10 usage rows inserted, 1 deleted; each left by a transaction of its own
                assertThat(longs(s, "SELECT count(*), count(DISTINCT xmin::text) FROM menuca_v3.coupon_usage_log"))
                        .containsExactly(9L * cycles, 9L * cycles);
                // each cycle's tag and association were inserted, then deleted: only the sessions' own tags remain
                assertThat(longs(s, "SELECT count(*) FROM menuca_v3.marketing_tags")).containsExactly(2L);
                assertThat(longs(s, "SELECT count(*) FROM menuca_v3.restaurant_tag_associations")).containsExactly(0L);
                // two updates per cycle: each coupon toggled back to active, each deal edited by the last cycle
                assertThat(longs(s, "SELECT count(*) FROM menuca_v3.promotional_coupons WHERE is_active")).containsExactly(2L);
                assertThat(longs(s, "SELECT count(*) FROM menuca_v3.promotional_deals WHERE description LIKE 'edit %'"))
                        .containsExactly(2L);
            }
        } finally {
            Directories.deleteQuietly(home);
        }
    }

    private static java.util.List<Long> longs(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            java.util.List<Long> values = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getLong(i));
            }
            return values;
        }
    }
}
