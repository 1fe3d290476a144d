package com.menuca.promo.gateway.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.migrations.SchemaMigrator;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's column catalogue is exactly what the migrations create (names, order, type names). */
class TableCatalogIT {

    @Test
    void everyCapturedTableHasTheColumnsAndTypesTheGatewaySends() throws Exception {
        Path home = Files.createTempDirectory("table-catalog-it");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(home.resolve("postgres"), 0,
                EmbeddedPostgresServer.logicalReplicationConfig())) {
            SchemaMigrator.migrate(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
            try (Connection c = postgres.connect(); PreparedStatement query = c.prepareStatement(
                    "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? "
                            + "ORDER BY ordinal_position")) {
                for (CdcTable table : CdcTable.values()) {
                    query.setString(1, CdcTable.SCHEMA);
                    query.setString(2, table.tableName());
                    List<String> actual = new ArrayList<>();
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            actual.add(rs.getString(1) + " " + rs.getString(2));
                        }
                    }
                    assertThat(actual).as("columns of %s (update TableCatalog with the migration)", table.tableName())
                            .containsExactlyElementsOf(TableCatalog.columns(table).stream()
                                    .map(column -> column.name() + " " + column.type().wireName()).toList());
                }
            }
        } finally {
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
