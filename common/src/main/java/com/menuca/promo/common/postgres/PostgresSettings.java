package com.menuca.promo.common.postgres;

import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.config.ResolvedSettings;
import com.menuca.promo.common.config.Setting;
import com.menuca.promo.common.config.ValueParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL connection settings the capture and every tool that connects share, TLS included:
 * one set of keys ({@code postgres.*}, {@code PROMO_POSTGRES_*}) everywhere.
 */
public final class PostgresSettings {
    public static final Setting<String> HOST = Setting.of("postgres.host", ValueParser.STRING, "127.0.0.1",
            "PostgreSQL host.");
    public static final Setting<Integer> PORT = Setting.of("postgres.port", ValueParser.intBetween(1, 65_535), 5432,
            "PostgreSQL port.");
    public static final Setting<String> DATABASE = Setting.of("postgres.database", ValueParser.STRING, "menuca",
            "Database holding schema menuca_v3.");
    public static final Setting<String> USER = Setting.of("postgres.user", ValueParser.STRING, "postgres",
            "PostgreSQL role. The capture's needs the REPLICATION attribute and SELECT on the five tables "
                    + "(docs/postgres.md gives the SQL).");
    public static final Setting<String> PASSWORD = Setting.optional("postgres.password", ValueParser.STRING,
            "Password of postgres.user (PROMO_POSTGRES_PASSWORD_FILE reads it from a file); unset sends none.").secret();
    public static final Setting<SslMode> SSL_MODE = Setting.of("postgres.sslmode", ValueParser.oneOf(SslMode.class),
            SslMode.PREFER, "TLS to PostgreSQL, as libpq's sslmode: disable, allow, prefer, require, verify-ca "
                    + "(certificate signed by postgres.sslrootcert) or verify-full (and naming postgres.host). "
                    + "Use verify-full outside a trusted network.");
    public static final Setting<String> SSL_ROOT_CERT = Setting.optional("postgres.sslrootcert", ValueParser.STRING,
            "PEM file of the CA certificate(s) that signed the server's certificate; required by verify-ca and verify-full.");

    /** The settings to list in a service's settings, in this order. */
    public static final List<Setting<?>> SETTINGS = List.of(HOST, PORT, DATABASE, USER, PASSWORD, SSL_MODE, SSL_ROOT_CERT);

    /** libpq's {@code sslmode} values, which the JDBC driver and Debezium take as they are. */
    public enum SslMode {
        DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

        /** As libpq spells it: {@code verify-full}. */
        public String libpqName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Whether the server's certificate is checked against a CA. */
        public boolean verifiesCertificate() {
            return this == VERIFY_CA || this == VERIFY_FULL;
        }
    }

    private PostgresSettings() {
    }

    /**
     * The connection, from settings resolved with {@link #SETTINGS} among them.
     *
     * @throws ConfigException when the TLS settings do not fit together
     */
    public static PostgresConnection from(String service, ResolvedSettings settings) {
        SslMode mode = settings.get(SSL_MODE);
        String rootCert = settings.get(SSL_ROOT_CERT);
        List<String> problems = new ArrayList<>();
        if (mode.verifiesCertificate() && rootCert == null) {
            problems.add(SSL_MODE.key() + "=" + mode.libpqName() + " checks the server's certificate against a CA: set "
                    + SSL_ROOT_CERT.key() + " (" + SSL_ROOT_CERT.envVar() + ") to the CA's PEM file");
        }
        if (rootCert != null && !Files.isReadable(Path.of(rootCert))) {
            problems.add(SSL_ROOT_CERT.key() + " = '" + rootCert + "' is not a readable file (set " + SSL_ROOT_CERT.envVar() + ")");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(service, problems);
        }
        return new PostgresConnection(settings.get(HOST), settings.get(PORT), settings.get(DATABASE), settings.get(USER),
                settings.get(PASSWORD), mode, rootCert == null ? null : Path.of(rootCert));
    }
}
