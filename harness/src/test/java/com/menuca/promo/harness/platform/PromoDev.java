package com.menuca.promo.harness.platform;

import com.menuca.promo.infra.process.DevStackProcess;
import com.menuca.promo.infra.process.JavaCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code promo dev} as a user starts it, in its own OS process on free ports and a temporary home,
 * configured as a Supabase project's gateway would be: a publishable key of its own. One per test
 * JVM, shared by the test classes that need the whole pipeline (PostgreSQL, capture, processor,
 * gateway), stopped when the JVM exits.
 */
final class PromoDev implements AutoCloseable {
    /** The publishable key browsers of this "project" carry (gateway.publishable.keys). */
    static final String PUBLISHABLE_KEY = "sb_publishable_pR0m0dEvT3sTk3y_x8Qe2Lw";

    private static PromoDev shared;

    private final Path home;
    private final DevStackProcess stack;

    private PromoDev(Path home, DevStackProcess stack) {
        this.home = home;
        this.stack = stack;
    }

    /** The shared stack, started on first use, with the notify bridge ({@code --notify-bridge}). */
    static synchronized PromoDev shared() throws Exception {
        if (shared == null) {
            shared = start(List.of("--notify-bridge"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    shared.close();
                } catch (Exception e) {
                    // the JVM is going anyway
                }
            }, "promo-dev-stop"));
        }
        return shared;
    }

    /** Starts {@code promo dev} with these extra arguments and waits until it serves (endpoints.json, /ready). */
    static PromoDev start(List<String> arguments) throws Exception {
        Path home = Files.createTempDirectory("promo-platform-it");
        List<String> command = new ArrayList<>(List.of("--pg-port", "0", "--kafka-port", "0", "--http-port", "0"));
        command.addAll(arguments);
        DevStackProcess stack = DevStackProcess.start(promo("-Xmx768m"), home, command,
                Map.of("PROMO_GATEWAY_PUBLISHABLE_KEYS", PUBLISHABLE_KEY), Duration.ofMinutes(5));
        try {
            stack.process().awaitHttpOk(URI.create(stack.opsUrl() + "/ready"), Duration.ofMinutes(3));
            return new PromoDev(home, stack);
        } catch (Exception | Error e) {
            stack.process().kill();
            throw e;
        }
    }

    /**
     * The repository's packaged {@code ./promo} of this build (target/promo-dev.jar and lib/), as a developer
     * runs it: {@code promo dev}, and the product's commands ({@code promo notify-bridge}) unchanged.
     */
    static JavaCommand promo(String... jvmOptions) {
        Path jar = Path.of("target", "promo-dev.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the harness is packaged before integration tests (mvn verify)");
        }
        return JavaCommand.packaged(jar, jvmOptions);
    }

    Path home() {
        return home;
    }

    /** Where the stack's PostgreSQL, Kafka, gateway and ops endpoints are, and its process. */
    DevStackProcess stack() {
        return stack;
    }

    /** {@code postgres://user:password@host:port/database}, as node-postgres takes it. */
    String databaseUrl() {
        URI jdbc = URI.create(stack.jdbcUrl().substring("jdbc:".length()));
        return "postgres://" + stack.user() + ":" + stack.password() + "@" + jdbc.getHost() + ":" + jdbc.getPort() + jdbc.getPath();
    }

    Connection db() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.user(), stack.password());
    }

    /** Runs SQL; returns the first column of the first row when it returns rows. */
    Long sql(String sql) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
            return null;
        }
    }

    String log() throws IOException {
        return stack.process().tail();
    }

    @Override
    public void close() throws Exception {
        stack.close();
    }
}
