package com.menuca.promo.common.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a PostgreSQL database is and how to reach it, TLS included.
 *
 * @param password    null to send none
 * @param sslRootCert PEM file of the CA certificates; null when none is configured
 */
public record PostgresConnection(String host, int port, String database, String user, String password,
                                 PostgresSettings.SslMode sslMode, Path sslRootCert) {

    /** The JDBC URL, without credentials or TLS parameters (those are in {@link #jdbcProperties()}). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** User, password and TLS parameters for the JDBC driver. */
    public Properties jdbcProperties() {
        Properties props = new Properties();
        tlsParameters().forEach(props::setProperty);
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return props;
    }

    /** {@code sslmode} and {@code sslrootcert} as libpq, the JDBC driver and Debezium name them. */
    public Map<String, String> tlsParameters() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("sslmode", sslMode.libpqName());
        if (sslRootCert != null) {
            params.put("sslrootcert", sslRootCert.toAbsolutePath().toString());
        }
        return params;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), jdbcProperties());
    }

    /** For messages: {@code user@host:port/database} and the TLS mode. Never the password. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database + " (sslmode " + sslMode.libpqName() + ")";
    }

    @Override
    public String toString() {
        return "PostgresConnection[" + describe() + "]";
    }
}
