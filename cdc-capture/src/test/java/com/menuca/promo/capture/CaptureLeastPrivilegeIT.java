package com.menuca.promo.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.menuca.promo.capture.engine.CaptureService;
import com.menuca.promo.capture.preflight.PostgresPreflight;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.postgres.PostgresConnection;
import com.menuca.promo.common.postgres.PostgresSettings;
import com.menuca.promo.infra.Directories;
import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.testing.TestCertificates;
import com.menuca.promo.infra.testing.TlsOnlyPostgres;
import com.menuca.promo.infra.testing.TopicTail;
import com.menuca.promo.migrations.SchemaMigrator;
import com.menuca.promo.schemas.cdc.CdcTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The capture against a PostgreSQL that accepts only TLS (a certificate the test's own CA signed),
 * running as a role with nothing but REPLICATION, USAGE on the schema and SELECT on the five tables,
 * the publication created ahead by an administrator. Each missing grant is named, with its SQL; TLS
 * that cannot work fails at once, not after the start-up timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaptureLeastPrivilegeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ADMIN_PASSWORD = "admin-" + Long.toHexString(System.nanoTime());
    private static final String ROLE = "promo_capture";
    private static final String ROLE_PASSWORD = "capture-" + Long.toHexString(System.nanoTime());
    private static final String TABLES = String.join(", ", CdcTable.SCHEMA + ".promotional_deals",
            CdcTable.SCHEMA + ".promotional_coupons", CdcTable.SCHEMA + ".marketing_tags",
            CdcTable.SCHEMA + ".restaurant_tag_associations", CdcTable.SCHEMA + ".coupon_usage_log");

    private Path home;
    private TestCertificates ca;
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker kafka;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("capture-least-privilege-it");
        ca = TestCertificates.newAuthority(home.resolve("tls"), "promo-it");
        postgres = TlsOnlyPostgres.start(ca, home.resolve("pg"), ADMIN_PASSWORD);
        kafka = EmbeddedKafkaBroker.start(home.resolve("kafka"), 0);

        SchemaMigrator.migrate(admin());
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " WITH LOGIN REPLICATION PASSWORD '" + ROLE_PASSWORD + "'");
            s.execute("GRANT USAGE ON SCHEMA " + CdcTable.SCHEMA + " TO " + ROLE);
            s.execute("GRANT SELECT ON " + TABLES + " TO " + ROLE);
            s.execute("INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Before', 'before')");
        }
    }

    @AfterAll
    void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        Directories.deleteQuietly(home);
    }

    @Test
    @Order(1)
    void shouldSayWhichSqlCreatesThePublicationTheRoleMayNotCreate() {
        assertThatThrownBy(() -> new PostgresPreflight(captureConfig(Map.of())).check())
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("Publication 'promo_capture' does not exist and PostgreSQL role 'promo_capture' may not create it")
                .hasMessageContaining("CREATE PUBLICATION promo_capture FOR TABLE menuca_v3.coupon_usage_log, "
                        + "menuca_v3.marketing_tags, menuca_v3.promotional_coupons, menuca_v3.promotional_deals, "
                        + "menuca_v3.restaurant_tag_associations;");
    }

    @Test
    @Order(2)
    void shouldNameTheOneTableTheRoleMayNotRead() throws Exception {
        asAdmin("CREATE PUBLICATION promo_capture FOR TABLE " + TABLES);
        asAdmin("REVOKE SELECT ON menuca_v3.coupon_usage_log FROM " + ROLE);
        try {
            assertThatThrownBy(() -> new PostgresPreflight(captureConfig(Map.of())).check())
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("PostgreSQL role 'promo_capture' may not read menuca_v3.coupon_usage_log")
                    .hasMessageContaining("GRANT SELECT ON menuca_v3.coupon_usage_log TO promo_capture;");
        } finally {
            asAdmin("GRANT SELECT ON menuca_v3.coupon_usage_log TO " + ROLE);
        }
    }

    @Test
    @Order(3)
    void shouldRefuseAPublicationThatMissesATableItMayNotAlter() throws Exception {
        asAdmin("ALTER PUBLICATION promo_capture DROP TABLE menuca_v3.marketing_tags");
        try {
            assertThatThrownBy(() -> new PostgresPreflight(captureConfig(Map.of())).check())
                    .hasMessageContaining("Publication 'promo_capture' publishes menuca_v3.coupon_usage_log, "
                            + "menuca_v3.promotional_coupons, menuca_v3.promotional_deals, menuca_v3.restaurant_tag_associations")
                    .hasMessageContaining("ALTER PUBLICATION promo_capture SET TABLE menuca_v3.coupon_usage_log, "
                            + "menuca_v3.marketing_tags, menuca_v3.promotional_coupons");
        } finally {
            asAdmin("ALTER PUBLICATION promo_capture ADD TABLE menuca_v3.marketing_tags");
        }
    }

    @Test
    @Order(4)
    void shouldFailAtOnceWhenTlsCannotWork() {
        TestCertificates otherCa = TestCertificates.newAuthority(home.resolve("other-tls"), "other");
        Map<String, String> untrusted = Map.of("postgres.sslrootcert", otherCa.caPem().toString());
        Map<String, String> plain = Map.of("postgres.sslmode", "disable");
        for (Map<String, String> wrong : java.util.List.of(untrusted, plain)) {
            Instant started = Instant.now();
            assertThatThrownBy(() -> new PostgresPreflight(captureConfig(wrong)).check())
                    .as("%s", wrong).hasMessageNotContaining("gave up trying");
            assertThat(Duration.between(started, Instant.now())).as("not retried until the start-up timeout (%s)", wrong)
                    .isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    @Order(5)
    void shouldCaptureOverVerifiedTlsAsTheLeastPrivilegedRoleAndKeepTheSlotMovingWhenIdle() throws Exception {
        try (CaptureService capture = new CaptureService(captureConfig(Map.of()), new SimpleMeterRegistry())) {
            capture.start();
            capture.awaitStreaming(WAIT);
            asAdmin("INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Least privilege', 'least-privilege')");
            try (TopicTail tail = new TopicTail(kafka.bootstrapServers(), CdcTable.MARKETING_TAGS.topic().name())) {
                tail.awaitUntil(seen -> seen.stream().anyMatch(r -> r.value().contains("\"slug\":\"least-privilege\""))
                        && seen.stream().anyMatch(r -> r.value().contains("\"slug\":\"before\"")), WAIT);
            }
            // WAL no captured table produces: only the heartbeat's logical message lets the slot confirm past it.
            String walAfterIdleWrite;
            try (Connection c = adminConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE public.wal_filler (n int)");
                s.execute("INSERT INTO public.wal_filler SELECT generate_series(1, 1000)");
                walAfterIdleWrite = single(s, "SELECT pg_current_wal_lsn()::text");
            }
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                try (Connection c = adminConnection(); Statement s = c.createStatement()) {
                    return "true".equals(single(s, "SELECT (confirmed_flush_lsn >= '" + walAfterIdleWrite
                            + "'::pg_lsn)::text FROM pg_replication_slots WHERE slot_name = 'promo_capture'"));
                }
            });
            try (Connection c = adminConnection(); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT count(*) FROM pg_publication_tables WHERE pubname = 'promo_capture'"))
                        .as("the administrator's publication, unchanged").isEqualTo("5");
            }
        }
    }

    private CaptureConfig captureConfig(Map<String, String> changes) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "postgres.host", "127.0.0.1", "postgres.port", String.valueOf(postgres.port()),
                "postgres.database", EmbeddedPostgresServer.DATABASE, "postgres.user", ROLE,
                "postgres.password", ROLE_PASSWORD, "postgres.sslmode", "verify-full",
                "postgres.sslrootcert", ca.caPem().toString(), "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "capture.heartbeat.interval", "1s", "capture.startup.timeout", "45s"));
        settings.putAll(changes);
        return CaptureConfig.load(ConfigSource.of(settings));
    }

    /** The superuser over verified TLS, as an administrator connects. */
    private PostgresConnection admin() {
        return new PostgresConnection("127.0.0.1", postgres.port(), EmbeddedPostgresServer.DATABASE, EmbeddedPostgresServer.USER,
                ADMIN_PASSWORD, PostgresSettings.SslMode.VERIFY_FULL, ca.caPem());
    }

    private Connection adminConnection() throws Exception {
        return admin().connect();
    }

    private void asAdmin(String sql) throws Exception {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
