package com.menuca.promo.migrations;

import com.menuca.promo.common.postgres.PostgresConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code menuca_v3} migrations (Flyway, {@code classpath:db/migration}) to a database:
 * what {@code promo migrate} does to a deployment's PostgreSQL and {@code promo dev} to its embedded
 * one. A database whose schema is newer than these migrations is refused, never "migrated" back.
 */
public final class SchemaMigrator {
    /** The schema the migrations create and own. */
    public static final String SCHEMA = "menuca_v3";
    private static final Logger LOGGER = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /**
     * What a migration did.
     *
     * @param before  the schema's version before, empty for a database without it
     * @param after   its version now
     * @param applied migrations applied by this run
     */
    public record Outcome(Optional<String> before, String after, int applied) {
    }

    /**
     * Migrates to the newest version; a database already there is left untouched.
     *
     * @throws SchemaAheadException when the database holds migrations this version does not know
     */
    public static Outcome migrate(PostgresConnection postgres) {
        return migrate(flyway(jdbcUrlWithTls(postgres), postgres.user(), postgres.password()));
    }

    /** {@link #migrate(PostgresConnection)} with a plain JDBC URL and credentials (the embedded runtime). */
    public static Outcome migrate(String jdbcUrl, String user, String password) {
        return migrate(flyway(jdbcUrl, user, password));
    }

    private static Outcome migrate(Flyway flyway) {
        refuseSchemaAhead(flyway.info());
        MigrateResult result = flyway.migrate();
        String after = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOGGER.info("Schema {} at version {} ({} migrations applied now)", SCHEMA, after, result.migrationsExecuted);
        return new Outcome(Optional.ofNullable(result.initialSchemaVersion), after, result.migrationsExecuted);
    }

    /**
     * Flyway ignores applied migrations it does not know (a newer promo's) by default and would report
     * success: an older promo must not run against a newer schema, so say so instead.
     */
    private static void refuseSchemaAhead(MigrationInfoService info) {
        MigrationInfo[] unknown = Arrays.stream(info.applied())
                .filter(m -> m.getState().name().startsWith("FUTURE")).toArray(MigrationInfo[]::new);
        if (unknown.length == 0) {
            return;
        }
        // all() also lists the row that records the schema's creation, which has no version.
        String known = Arrays.stream(info.all()).filter(m -> m.getVersion() != null && !m.getState().name().startsWith("FUTURE"))
                .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b).orElse("none");
        throw new SchemaAheadException("Schema " + SCHEMA + " is at version " + info.current().getVersion().getVersion()
                + ", newer than this promo's migrations (up to version " + known + "): it holds "
                + Arrays.stream(unknown).map(m -> m.getVersion() + " (" + m.getDescription() + ")")
                        .collect(Collectors.joining(", "))
                + ". Nothing was changed. Fix: run `promo migrate` (and the services) of the promo version that "
                + "wrote them.");
    }

    private static Flyway flyway(String jdbcUrl, String user, String password) {
        return Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load();
    }

    /** Flyway takes a URL and credentials: TLS goes in the URL as the JDBC driver's parameters. */
    static String jdbcUrlWithTls(PostgresConnection postgres) {
        return postgres.jdbcUrl() + "?" + postgres.tlsParameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
