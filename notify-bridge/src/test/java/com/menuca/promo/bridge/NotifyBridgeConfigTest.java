package com.menuca.promo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.common.postgres.PostgresSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bridge's settings: shared keys for Kafka and PostgreSQL, its own under notify.bridge.*, checked at start. */
class NotifyBridgeConfigTest {

    @Test
    void shouldStartWithNewEventsAndNoPasswordByDefault() {
        NotifyBridgeConfig config = NotifyBridgeConfig.load(ConfigSource.of(Map.of()));
        assertThat(config.startFrom()).isEqualTo(NotifyBridgeConfig.StartFrom.LATEST);
        assertThat(config.postgres().password()).as("no usable default secret").isNull();
        assertThat(config.schema()).isEqualTo("promo_notify");
        assertThat(config.payloadRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.postgres().describe()).doesNotContain("password");
    }

    @Test
    void shouldReadTheSharedKafkaAndPostgresSettingsSecurityIncluded() throws Exception {
        Path ca = Files.createTempFile("ca", ".pem");
        try {
            NotifyBridgeConfig config = NotifyBridgeConfig.load(ConfigSource.of(Map.of("kafka.bootstrap.servers", "k:9093",
                    "kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "postgres.host", "db", "postgres.port", "6543", "postgres.database", "platform",
                    "postgres.sslmode", "verify-full", "postgres.sslrootcert", ca.toString(), "notify.bridge.start", "earliest")));
            assertThat(NotifyBridgeConfig.SETTINGS).as("the shared groups, not settings of its own")
                    .containsAll(KafkaSettings.SETTINGS).containsAll(PostgresSettings.SETTINGS);
            assertThat(config.kafka().clientProperties("bridge", Map.of()))
                    .containsEntry("bootstrap.servers", "k:9093").containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            assertThat(config.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/platform");
            assertThat(config.postgres().jdbcProperties()).containsEntry("sslmode", "verify-full")
                    .containsEntry("sslrootcert", ca.toAbsolutePath().toString());
            assertThat(config.startFrom()).isEqualTo(NotifyBridgeConfig.StartFrom.EARLIEST);
        } finally {
            Files.deleteIfExists(ca);
        }
    }

    @Test
    void shouldRefuseVerifyFullWithoutACertificateAsEveryServiceDoes() {
        assertThatThrownBy(() -> NotifyBridgeConfig.load(ConfigSource.of(Map.of("postgres.sslmode", "verify-full"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("postgres.sslrootcert");
    }

    @Test
    void shouldRefuseASchemaThatIsNotAPlainIdentifierAndSayWhichSetting() {
        assertThatThrownBy(() -> NotifyBridgeConfig.load(ConfigSource.of(Map.of("notify.bridge.schema", "x; DROP TABLE y"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notify.bridge.schema");
        assertThatThrownBy(() -> NotifyBridgeConfig.load(ConfigSource.of(Map.of("notify.bridge.max.batch", "0",
                "notify.bridge.start", "sometime"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("notify.bridge.max.batch")
                .hasMessageContaining("notify.bridge.start");
    }
}
