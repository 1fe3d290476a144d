package com.menuca.promo.infra.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the {@code menuca_v3} migrations (Flyway, {@code classpath:db/migration}) to a database. */
public final class SchemaMigrator {
    private static final Logger LOGGER = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /** Migrates to the newest version; a database already there is left untouched. */
    public static void migrate(String jdbcUrl, String user, String password) {
        MigrateResult result = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas("menuca_v3")
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOGGER.info("Schema menuca_v3 at version {} ({} migrations applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }
}
