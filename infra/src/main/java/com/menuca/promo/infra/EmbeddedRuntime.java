package com.menuca.promo.infra;

import com.menuca.promo.infra.kafka.EmbeddedKafkaBroker;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.migrations.SchemaMigrator;
import com.menuca.promo.infra.process.BrokerCluster;
import com.menuca.promo.infra.process.JavaCommand;
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
    /** The in-process broker; null when a multi-broker cluster runs instead. */
    private final EmbeddedKafkaBroker kafka;
    /** Broker processes of a multi-broker cluster; null with the in-process broker. */
    private final BrokerCluster cluster;

    private EmbeddedRuntime(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka, BrokerCluster cluster) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.cluster = cluster;
    }

    /**
     * Like {@link #start(Path, int, int)}, but with {@code brokers} Kafka brokers: more than one runs a
     * KRaft cluster of {@code promo broker} processes ({@code launcher} says how to start them) with
     * replication factor 3 and {@code min.insync.replicas} 2 for every topic (on three or more brokers).
     */
    public static EmbeddedRuntime start(Path home, int postgresPort, int kafkaPort, int brokers, JavaCommand launcher)
            throws Exception {
        if (brokers <= 1) {
            return start(home, postgresPort, kafkaPort);
        }
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(home.resolve("postgres"), postgresPort,
                EmbeddedPostgresServer.logicalReplicationConfig());
        try {
            SchemaMigrator.migrate(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
            return new EmbeddedRuntime(postgres, null, BrokerCluster.start(home.resolve("kafka-cluster"), brokers, kafkaPort,
                    launcher));
        } catch (Exception | Error e) {
            postgres.close();
            throw e;
        }
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
            return new EmbeddedRuntime(postgres, kafka, null);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /**
     * The in-process broker.
     *
     * @throws IllegalStateException when this runtime runs a multi-broker cluster (use {@link #bootstrapServers()})
     */
    public EmbeddedKafkaBroker kafka() {
        if (kafka == null) {
            throw new IllegalStateException("this runtime runs a cluster of broker processes; use bootstrapServers()");
        }
        return kafka;
    }

    /** Where Kafka clients connect, whichever way Kafka runs. */
    public String bootstrapServers() {
        return kafka != null ? kafka.bootstrapServers() : cluster.bootstrapServers();
    }

    /** The broker processes, when Kafka runs as a multi-broker cluster. */
    public java.util.Optional<BrokerCluster> cluster() {
        return java.util.Optional.ofNullable(cluster);
    }

    /** Stops Kafka, then PostgreSQL. */
    @Override
    public void close() {
        try {
            if (kafka != null) {
                kafka.close();
            } else {
                cluster.close();
            }
        } finally {
            postgres.close();
        }
    }
}
