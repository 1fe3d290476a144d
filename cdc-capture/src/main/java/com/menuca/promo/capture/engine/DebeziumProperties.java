package com.menuca.promo.capture.engine;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.connect.CommitTimestamp;
import com.menuca.promo.common.postgres.PostgresConnection;
import com.menuca.promo.common.postgres.PostgresSettings;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.Properties;

/**
 * Translates the capture's config into Debezium embedded-engine properties. Every choice that
 * shapes the topic contract is made here: plain JSON without schemas, money as exact strings,
 * timestamps as ISO-8601 UTC, no tombstones, offsets in a compacted Kafka topic.
 */
public final class DebeziumProperties {
    /** Debezium's logical name for the source; also the prefix of the heartbeat topic. */
    public static final String ENGINE_NAME = "promo-capture";

    private DebeziumProperties() {
    }

    public static Properties of(CaptureConfig config) {
        Properties p = new Properties();
        p.setProperty("name", ENGINE_NAME);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("tasks.max", "1");

        PostgresConnection postgres = config.postgres();
        p.setProperty("database.hostname", postgres.host());
        p.setProperty("database.port", String.valueOf(postgres.port()));
        p.setProperty("database.user", postgres.user());
        if (postgres.password() != null) {
            p.setProperty("database.password", postgres.password());
        }
        p.setProperty("database.dbname", postgres.database());
        // Debezium's default is libpq's, prefer: the setting is written only when it says more.
        if (postgres.sslMode() != PostgresSettings.SslMode.PREFER || postgres.sslRootCert() != null) {
            postgres.tlsParameters().forEach((name, value) -> p.setProperty("database." + name, value));
        }

        p.setProperty("topic.prefix", CdcTable.TOPIC_PREFIX);
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", config.slotName());
        p.setProperty("slot.drop.on.stop", "false");
        p.setProperty("publication.name", config.publicationName());
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("table.include.list", String.join(",", CapturedTables.published()));
        p.setProperty("snapshot.mode", config.snapshotMode() == CaptureConfig.SnapshotMode.INITIAL ? "initial" : "no_data");

        // Contract: exact money, ISO-8601 timestamps (timestamptz -> ZonedTimestamp in UTC), no tombstones
        // (change topics are history, not compacted state).
        p.setProperty("decimal.handling.mode", "string");
        p.setProperty("tombstones.on.delete", "false");
        // Debezium's context headers are not part of our contract; building and converting them for
        // every change cost a tenth of the capture's allocation in the bulk benchmark.
        p.setProperty("extended.headers.enabled", "false");
        // Record time = commit time: the same transform a Connect deployment configures (infra/deploy/connect).
        p.setProperty("transforms", "commitTime");
        p.setProperty("transforms.commitTime.type", CommitTimestamp.class.getName());
        p.setProperty("key.converter.schemas.enable", "false");
        p.setProperty("value.converter.schemas.enable", "false");

        p.setProperty("heartbeat.interval.ms", String.valueOf(config.heartbeatInterval().toMillis()));
        p.setProperty("heartbeat.action.query", CapturedTables.heartbeatQuery());
        // The heartbeat's logical message only moves the slot forward; it is no change of ours to publish.
        p.setProperty("message.prefix.exclude.list", CapturedTables.HEARTBEAT_MESSAGE_PREFIX);

        p.setProperty("poll.interval.ms", String.valueOf(config.pollInterval().toMillis()));
        p.setProperty("max.batch.size", String.valueOf(config.maxBatchSize()));
        p.setProperty("max.queue.size", String.valueOf(config.maxQueueSize()));
        p.setProperty("record.processing.threads", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())));
        // Retriable database errors (connection lost, server restarting) are retried by the connector forever.
        p.setProperty("errors.max.retries", "-1");

        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        p.setProperty("offset.storage.topic", config.offsetsTopic());
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", String.valueOf(config.replicationFactor()));
        p.setProperty("offset.flush.interval.ms", String.valueOf(config.offsetFlushInterval().toMillis()));
        p.setProperty("offset.flush.timeout.ms", "10000");
        // Kafka Connect's offset store makes its producer, consumer and admin client from the engine's own
        // properties: the operator's Kafka client settings (security above all) go in at the top level.
        config.kafka().sharedProperties().forEach((name, value) -> p.setProperty(name, String.valueOf(value)));
        return p;
    }
}
