package com.menuca.promo.infra.testing;

import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An embedded PostgreSQL as a production server is reached: logical replication on, TLS with a
 * certificate of a test CA, and every connection without TLS rejected. Tests of {@code verify-full} and
 * of least-privileged roles start theirs here, so the server they test against is set up one way.
 */
public final class TlsOnlyPostgres {
    private TlsOnlyPostgres() {
    }

    /**
     * Starts the server in {@code dataDirectory} on a free port with a certificate for {@code 127.0.0.1} and {@code localhost}
     * signed by {@code ca}, then sets the superuser's password to {@code adminPassword} and accepts only
     * TLS connections that authenticate with SCRAM.
     */
    public static EmbeddedPostgresServer start(TestCertificates ca, Path dataDirectory, String adminPassword)
            throws IOException, SQLException {
        TestCertificates.ServerCertificate certificate = ca.issueServer("postgres");
        Map<String, String> config = new LinkedHashMap<>(EmbeddedPostgresServer.logicalReplicationConfig());
        config.putAll(EmbeddedPostgresServer.tlsConfig(certificate.certificate(), certificate.privateKey()));
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, 0, config);
        postgres.acceptOnlyTls(adminPassword);
        return postgres;
    }
}
