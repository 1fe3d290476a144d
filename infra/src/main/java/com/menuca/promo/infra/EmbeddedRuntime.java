package com.menuca.promo.infra;

import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.postgres.SchemaMigrator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded infrastructure of the dev stack and of integration tests: a real PostgreSQL with the
 * {@code menuca_v3} schema migrated, and a real Kafka broker, both with their data under one home
 * directory ({@code postgres/}, {@code kafka/}).
 */
public final class EmbeddedRuntime implements AutoCloseable {
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaBroker kafka;

    private EmbeddedRuntime(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** Starts PostgreSQL configured for logical replication, migrates it, then starts Kafka. */
    public static EmbeddedRuntime start(Path home, int postgresPort, int kafkaPort) throws IOException {
        return start(home, postgresPort, kafkaPort, EmbeddedPostgresServer.logicalReplicationConfig());
    }

    public static EmbeddedRuntime start(Path home, int postgresPort, int kafkaPort, Map<String, String> postgresConfig)
            throws IOException {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(home.resolve("postgres"), postgresPort, postgresConfig);
        try {
            SchemaMigrator.migrate(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
            EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(home.resolve("kafka"), kafkaPort);
            return new EmbeddedRuntime(postgres, kafka);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    /** Stops Kafka, then PostgreSQL. */
    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
