package com.menuca.promo.common.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL settings as the capture and the tools read them, TLS included. */
class PostgresSettingsTest {
    @TempDir
    Path dir;

    private static PostgresConnection load(Map<String, String> values) {
        return PostgresSettings.from("test", ResolvedSettings.resolve("test", PostgresSettings.SETTINGS, ConfigSource.of(values)));
    }

    @Test
    void shouldPassTheTlsModeAndCaToTheDriverAndSendNoPasswordWhenNoneIsSet() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
        PostgresConnection postgres = load(Map.of("postgres.host", "db.internal", "postgres.sslmode", "verify-full",
                "postgres.sslrootcert", ca.toString(), "postgres.user", "promo_capture"));

        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/menuca");
        assertThat(postgres.jdbcProperties()).containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", ca.toAbsolutePath().toString()).containsEntry("user", "promo_capture")
                .doesNotContainKey("password");
        assertThat(postgres.describe()).isEqualTo("promo_capture@db.internal:5432/menuca (sslmode verify-full)");
        assertThat(load(Map.of()).sslMode()).as("libpq's and Debezium's default").isEqualTo(PostgresSettings.SslMode.PREFER);
    }

    @Test
    void shouldRefuseCertificateVerificationWithoutACaFile() {
        assertThatThrownBy(() -> load(Map.of("postgres.sslmode", "verify-ca")))
                .hasMessageContaining("postgres.sslmode=verify-ca checks the server's certificate against a CA: set "
                        + "postgres.sslrootcert (PROMO_POSTGRES_SSLROOTCERT)");
        assertThatThrownBy(() -> load(Map.of("postgres.sslmode", "verify-full", "postgres.sslrootcert", "/no/such/ca.pem")))
                .hasMessageContaining("postgres.sslrootcert = '/no/such/ca.pem' is not a readable file");
        assertThatThrownBy(() -> load(Map.of("postgres.sslmode", "verify")))
                .hasMessageContaining("expected one of disable, allow, prefer, require, verify-ca, verify-full");
    }
}
