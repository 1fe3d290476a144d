package com.menuca.promo.capture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.capture.preflight.CaptureAcls;
import com.menuca.promo.capture.preflight.PostgresPreflight;
import com.menuca.promo.catalog.admin.KafkaPreflight;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.migrations.SchemaMigrator;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Set-up mistakes fail the capture at start with a message that says what to fix. */
class PreflightIT {

    @Test
    void shouldRefuseAServerWithoutLogicalWalLevelAndSayHowToFixIt() throws Exception {
        Map<String, String> replicaOnly = new HashMap<>(EmbeddedPostgresServer.logicalReplicationConfig());
        replicaOnly.put("wal_level", "replica");
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(
                Files.createTempDirectory("preflight-wal").resolve("pg"), 0, replicaOnly)) {
            SchemaMigrator.migrate(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
            CaptureConfig config = configFor(postgres, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);

            assertThatThrownBy(() -> new PostgresPreflight(config).check())
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("wal_level=replica")
                    .hasMessageContaining("ALTER SYSTEM SET wal_level = logical")
                    .hasMessageContaining("restart PostgreSQL");
        }
    }

    @Test
    void shouldRefuseAUserWithoutReplicationAndMissingTables() throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(
                Files.createTempDirectory("preflight-role").resolve("pg"), 0,
                EmbeddedPostgresServer.logicalReplicationConfig())) {
            try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE reader LOGIN PASSWORD 'reader' NOREPLICATION");
            }
            assertThatThrownBy(() -> new PostgresPreflight(configFor(postgres, "reader", "reader")).check())
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("lacks the REPLICATION attribute")
                    .hasMessageContaining("ALTER ROLE reader WITH REPLICATION");

            assertThatThrownBy(() -> new PostgresPreflight(configFor(postgres, EmbeddedPostgresServer.USER,
                    EmbeddedPostgresServer.PASSWORD)).check())
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("has no table menuca_v3.promotional_deals")
                    .hasMessageContaining("apply the menuca_v3 migrations");
        }
    }

    @Test
    void shouldGiveUpOnAnUnreachableServerAfterTheStartupTimeout() {
        Map<String, String> settings = new HashMap<>(CaptureConfig.endpoints("127.0.0.1", FreePort.find(), "menuca",
                "postgres", "postgres", "127.0.0.1:1"));
        settings.put(CaptureConfig.STARTUP_TIMEOUT.key(), "2s");
        CaptureConfig config = CaptureConfig.load(ConfigSource.of(settings));

        assertThatThrownBy(() -> new PostgresPreflight(config).check())
                .hasMessageContaining("gave up trying to connect to PostgreSQL at postgres@127.0.0.1:")
                .hasMessageContaining("attempts");
    }

    @Test
    void shouldGiveUpOnAnUnreachableKafkaAfterTheStartupTimeout() {
        Map<String, String> settings = new HashMap<>(CaptureConfig.endpoints("127.0.0.1", 5432, "menuca",
                "postgres", "postgres", "127.0.0.1:" + FreePort.find()));
        settings.put(CaptureConfig.STARTUP_TIMEOUT.key(), "2s");
        CaptureConfig config = CaptureConfig.load(ConfigSource.of(settings));

        assertThatThrownBy(() -> new KafkaPreflight(config.kafka(), "the capture", "test", config.startupTimeout())
                .check(List.of(), Optional.empty(), CaptureAcls.of(config)))
                .hasMessageContaining("gave up trying to reach Kafka at 127.0.0.1:");
    }

    private static CaptureConfig configFor(EmbeddedPostgresServer postgres, String user, String password) {
        return CaptureConfig.load(ConfigSource.of(CaptureConfig.endpoints(postgres.host(), postgres.port(),
                EmbeddedPostgresServer.DATABASE, user, password, "127.0.0.1:9092")));
    }
}
