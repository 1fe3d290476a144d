package com.menuca.promo.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.infra.Directories;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * {@code promo migrate} against a PostgreSQL that has never seen promo: the schema is created, a second
 * run changes nothing, and a database a newer promo migrated is refused without a change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateCommandIT {
    private Path home;
    private EmbeddedPostgresServer postgres;
    private Path config;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("migrate-it");
        postgres = EmbeddedPostgresServer.start(home.resolve("pg"), 0, EmbeddedPostgresServer.logicalReplicationConfig());
        config = Files.writeString(home.resolve("migrate.properties"), String.join("\n",
                "postgres.host=127.0.0.1", "postgres.port=" + postgres.port(), "postgres.database=" + EmbeddedPostgresServer.DATABASE,
                "postgres.user=" + EmbeddedPostgresServer.USER, "postgres.password=" + EmbeddedPostgresServer.PASSWORD,
                "postgres.sslmode=disable", ""));
    }

    @AfterAll
    void stop() {
        if (postgres != null) {
            postgres.close();
        }
        Directories.deleteQuietly(home);
    }

    @Test
    void shouldCreateTheSchemaThenLeaveItAloneAndRefuseOneANewerPromoMigrated() throws Exception {
        Run first = promo("migrate", "--config", config.toString());
        assertThat(first.code).as(first.err).isZero();
        assertThat(first.out).contains("Schema menuca_v3 on postgres@127.0.0.1:" + postgres.port()
                + "/menuca (sslmode disable): new -> version 2 (2 migration(s) applied).");
        assertThat(tables()).contains("promotional_deals", "promotional_coupons", "marketing_tags",
                "restaurant_tag_associations", "coupon_usage_log").doesNotContain("cdc_heartbeat");

        Run again = promo("migrate", "--config", config.toString());
        assertThat(again.code).isZero();
        assertThat(again.out).contains("is current (version 2)");

        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO menuca_v3.flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, execution_time, success) VALUES (3, '3', 'from a newer promo', 'SQL', "
                    + "'V3__from_a_newer_promo.sql', 0, 'postgres', 1, true)");
            s.execute("CREATE TABLE menuca_v3.newer_table (id int)");
        }
        Run refused = promo("migrate", "--config", config.toString());
        assertThat(refused.code).as(refused.err).isEqualTo(Promo.EXIT_SETUP_PROBLEM);
        assertThat(refused.err.strip()).startsWith("promo migrate: Schema menuca_v3 is at version 3, newer than this "
                + "promo's migrations (up to version 2): it holds 3 (from a newer promo). Nothing was changed.")
                .doesNotContain("\tat ");
        assertThat(refused.err.lines()).hasSize(1);
        assertThat(tables()).contains("newer_table");
    }

    @Test
    void shouldSayInOneLineWhenPostgresCannotBeReached() throws Exception {
        Path unreachable = Files.writeString(home.resolve("unreachable.properties"),
                "postgres.host=127.0.0.1\npostgres.port=1\npostgres.sslmode=disable\n");
        Run run = promo("migrate", "--config", unreachable.toString());
        assertThat(run.code).isEqualTo(Promo.EXIT_SETUP_PROBLEM);
        assertThat(run.err).startsWith("promo migrate: could not migrate postgres@127.0.0.1:1/menuca").doesNotContain("\tat ");
        assertThat(run.err.lines()).hasSize(1);
    }

    private java.util.List<String> tables() throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'menuca_v3'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static Run promo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Promo.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private record Run(int code, String out, String err) {
    }
}
