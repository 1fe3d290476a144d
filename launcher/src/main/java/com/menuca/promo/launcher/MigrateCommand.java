package com.menuca.promo.launcher;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.postgres.PostgresConnection;
import com.menuca.promo.common.postgres.PostgresSettings;
import com.menuca.promo.migrations.SchemaAheadException;
import com.menuca.promo.migrations.SchemaMigrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code promo migrate}: the menuca_v3 schema migrations, applied to a deployment's PostgreSQL. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply the menuca_v3 schema migrations (Flyway) to the PostgreSQL given by PROMO_POSTGRES_*",
            "variables or a properties file (see `promo config migrate`). Run it as the schema's owner before the",
            "capture starts; a schema already current is left alone, one newer than this promo is refused.",
            "Exit codes: 0 migrated or current, 2 unreachable, refused or failed."})
final class MigrateCommand implements Callable<Integer> {
    /** {@code promo migrate} needs only where PostgreSQL is. */
    static final List<Setting<?>> SETTINGS = PostgresSettings.SETTINGS;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (default: $PROMO_CONFIG).")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ResolvedSettings settings = ResolvedSettings.resolve("migrate", SETTINGS,
                ConfigSource.fromEnvironment(Optional.ofNullable(configFile)));
        PostgresConnection postgres = PostgresSettings.from("migrate", settings);
        PrintWriter out = spec.commandLine().getOut();
        try {
            SchemaMigrator.Outcome outcome = SchemaMigrator.migrate(postgres);
            out.println(outcome.applied() == 0
                    ? "Schema " + SchemaMigrator.SCHEMA + " on " + postgres.describe() + " is current (version " + outcome.after() + ")."
                    : "Schema " + SchemaMigrator.SCHEMA + " on " + postgres.describe() + ": " + outcome.before().map(v -> "version " + v)
                            .orElse("new") + " -> version " + outcome.after() + " (" + outcome.applied() + " migration(s) applied).");
            out.flush();
            return 0;
        } catch (SchemaAheadException e) {
            return failed(e.getMessage());
        } catch (FlywayException e) {
            return failed("could not migrate " + postgres.describe() + ": " + rootMessage(e));
        }
    }

    private int failed(String message) {
        spec.commandLine().getErr().println("promo migrate: " + message);
        spec.commandLine().getErr().flush();
        return Promo.EXIT_SETUP_PROBLEM;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String first = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return root == t ? first : first + " (" + root.getMessage() + ")";
    }
}
