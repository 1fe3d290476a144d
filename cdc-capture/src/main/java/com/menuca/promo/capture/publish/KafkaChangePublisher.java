package com.menuca.promo.capture.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.common.metrics.KafkaClientMeters;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import io.debezium.embedded.EmbeddedEngineChangeEvent;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each batch of changes from the engine to Kafka and only then lets the engine commit its
 * offsets: every record of the batch is sent asynchronously, the batch is flushed, and a single
 * failed send makes the whole batch fail, so the stored WAL position never passes an unsent change.
 *
 * <p>Records of tables outside the contract (the heartbeat table, Debezium's heartbeat topic) are
 * acknowledged without being published: they exist only to move the slot forward.
 */
public final class KafkaChangePublisher implements DebeziumEngine.ChangeConsumer<ChangeEvent<byte[], byte[]>>,
        AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaChangePublisher.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Counter> capturedByTopic = new HashMap<>();
    private final Counter skipped;
    private final Timer commitToKafkaLag;
    private final KafkaClientMeters producerMeters;

    public KafkaChangePublisher(CaptureConfig config, MeterRegistry registry) {
        this.producer = new KafkaProducer<>(producerProperties(config), new ByteArraySerializer(), new ByteArraySerializer());
        for (CdcTable table : CdcTable.values()) {
            capturedByTopic.put(table.topic().name(), Counter.builder("promo.capture.events")
                    .description("Changes published to Kafka")
                    .tag("table", table.tableName())
                    .register(registry));
        }
        this.skipped = Counter.builder("promo.capture.internal.events")
                .description("Heartbeat records acknowledged without publishing").register(registry);
        this.commitToKafkaLag = Timer.builder("promo.capture.lag")
                .description("Commit in PostgreSQL to acknowledged by Kafka, sampled on the oldest change of each batch")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.producerMeters = KafkaClientMeters.ofProducer(registry, producer);
    }

    static Map<String, Object> producerProperties(CaptureConfig config) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 5_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.sendTimeout().toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, config.sendTimeout().toMillis()));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.sendTimeout().toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return config.kafka().clientProperties("promo-capture", p);
    }

    @Override
    public void handleBatch(List<ChangeEvent<byte[], byte[]>> records,
                            DebeziumEngine.RecordCommitter<ChangeEvent<byte[], byte[]>> committer)
            throws InterruptedException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        ChangeEvent<byte[], byte[]> oldest = null;
        for (ChangeEvent<byte[], byte[]> record : records) {
            Counter counter = capturedByTopic.get(record.destination());
            if (counter == null || record.value() == null) {
                continue;
            }
            if (oldest == null) {
                oldest = record;
            }
            producer.send(new ProducerRecord<>(record.destination(), null, commitTime(record), record.key(), record.value()),
                    (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        } else {
                            counter.increment();
                        }
                    });
        }
        producer.flush();
        Exception error = failure.get();
        if (error != null) {
            // Throwing stops the engine before it commits: the batch is read again from the stored offset.
            throw new KafkaPublishException("Kafka did not accept a batch of " + records.size()
                    + " changes: " + error.getMessage() + "; the capture restarts from its last stored position", error);
        }
        if (oldest != null) {
            recordLag(oldest);
        }
        for (ChangeEvent<byte[], byte[]> record : records) {
            if (!capturedByTopic.containsKey(record.destination())) {
                skipped.increment();
            }
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }

    /**
     * The record's timestamp as the {@link com.menuca.promo.capture.connect.CommitTimestamp} transform set it
     * (the commit time in PostgreSQL); null, leaving it to the producer, only for an engine that does not
     * expose its source records.
     */
    private static Long commitTime(ChangeEvent<byte[], byte[]> record) {
        return record instanceof EmbeddedEngineChangeEvent<?, ?, ?> event ? event.sourceRecord().timestamp() : null;
    }

    private void recordLag(ChangeEvent<byte[], byte[]> record) {
        try {
            JsonNode source = Json.mapper().readTree(record.value()).path("source");
            long committedAt = source.path("ts_ms").asLong(0);
            // Snapshot reads carry the snapshot's start time, not a commit time: only streamed changes count.
            if (committedAt > 0 && "false".equals(source.path("snapshot").asText())) {
                commitToKafkaLag.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - committedAt)));
            }
        } catch (IOException e) {
            LOGGER.debug("Could not read commit time of a change on {}: {}", record.destination(), e.getMessage());
        }
    }

    @Override
    public void close() {
        producerMeters.close();
        producer.close(Duration.ofSeconds(10));
    }
}
