package com.menuca.promo.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import com.menuca.promo.infra.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server run from the binaries Maven serves (zonky), configured for logical
 * replication. Its data directory persists between starts unless the caller wipes it.
 *
 * <p>The embedded server runs with {@code fsync=off} (zonky's choice, fine for dev and tests);
 * benchmarks say so, because commit rates are inflated compared with a production server.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The superuser zonky creates; it has REPLICATION. Authentication is trust on loopback. */
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    /** The application database holding schema {@code menuca_v3}. */
    public static final String DATABASE = "menuca";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Server settings for logical decoding with Debezium. */
    public static Map<String, String> logicalReplicationConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("wal_level", "logical");
        config.put("max_replication_slots", "10");
        config.put("max_wal_senders", "10");
        config.put("synchronous_commit", "on");
        config.put("listen_addresses", "127.0.0.1");
        return config;
    }

    /**
     * Server settings that turn TLS on with the given PEM files (certificate chain, unencrypted private key
     * readable by its owner only). Plain connections still work until {@link #acceptOnlyTls} is called.
     */
    public static Map<String, String> tlsConfig(Path certificatePem, Path privateKeyPem) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("ssl", "on");
        config.put("ssl_cert_file", certificatePem.toAbsolutePath().toString());
        config.put("ssl_key_file", privateKeyPem.toAbsolutePath().toString());
        return config;
    }

    /**
     * From now on, accept only TLS connections authenticated by password (SCRAM), for every user, the
     * replication protocol included, as a managed PostgreSQL does. The superuser gets
     * {@code superuserPassword}; {@link #connect()} no longer works, use {@link #connect(java.util.Properties)}.
     */
    public void acceptOnlyTls(String superuserPassword) throws SQLException, IOException {
        Path hba;
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + superuserPassword.replace("'", "''") + "'");
            var rs = statement.executeQuery("SHOW hba_file");
            rs.next();
            hba = Path.of(rs.getString(1));
            Files.writeString(hba, String.join("\n",
                    "# Written by EmbeddedPostgresServer.acceptOnlyTls: TLS and a password, or nothing.",
                    "hostssl all all 127.0.0.1/32 scram-sha-256",
                    "hostssl replication all 127.0.0.1/32 scram-sha-256",
                    "hostnossl all all 0.0.0.0/0 reject",
                    "hostnossl replication all 0.0.0.0/0 reject", ""));
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /**
     * Starts the server and makes sure the application database exists.
     *
     * @param dataDirectory where the cluster lives; created by initdb on first start, reused after
     * @param port          TCP port on 127.0.0.1, 0 for any free port
     * @param serverConfig  {@code postgresql.conf} settings, e.g. {@link #logicalReplicationConfig()}
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Map<String, String> serverConfig)
            throws IOException {
        Files.createDirectories(dataDirectory.getParent());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                // zonky gives up after 10 s; a restart with crash recovery on a busy 2-core machine can take longer.
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .setPort(port == 0 ? FreePort.find() : port);
        serverConfig.forEach(builder::setServerConfig);
        long started = System.nanoTime();
        EmbeddedPostgres postgres = builder.start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try {
            server.createDatabaseIfMissing();
        } catch (SQLException e) {
            server.close();
            throw new IOException("PostgreSQL started but database '" + DATABASE + "' could not be created: "
                    + e.getMessage(), e);
        }
        LOGGER.info("PostgreSQL 17 ready on 127.0.0.1:{} in {} ms (data in {})", postgres.getPort(),
                (System.nanoTime() - started) / 1_000_000, dataDirectory);
        return server;
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** JDBC URL of the application database. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** A connection to the application database with the given driver properties (user, password, TLS). */
    public Connection connect(java.util.Properties properties) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    @Override
    public void close() {
        try {
            postgres.close();
            LOGGER.info("PostgreSQL on port {} stopped", port());
        } catch (IOException e) {
            LOGGER.warn("PostgreSQL on port {} did not stop cleanly: {}", port(), e.getMessage());
        }
    }
}
