package com.menuca.promo.processor.topology;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.cdc.ChangeParser;
import com.menuca.promo.processor.cdc.InvalidChangeException;
import com.menuca.promo.processor.cdc.RestaurantRouting;
import com.menuca.promo.processor.deadletter.DeadLetters;
import com.menuca.promo.processor.dedup.DuplicateFilter;
import com.menuca.promo.schemas.derived.SourcePosition;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step, per change topic partition: parse and check each change (dead letter if it cannot be
 * read), drop redeliveries by WAL position, and route it to its restaurant. A record whose handling
 * throws unexpectedly is retried by Kafka Streams (the thread is replaced and resumes from its last
 * commit) up to {@link IntakeAttempts#MAX_ATTEMPTS} times, then goes to the dead-letter topic
 * ({@code processing_failed}) so the partition moves on instead of crash-looping. Kafka Streams' own
 * failures ({@link StreamsException}: fencing, state stores, producers) are never dead-lettered.
 */
final class IntakeProcessor implements Processor<byte[], byte[], String, Emit> {
    private static final Logger LOGGER = LoggerFactory.getLogger(IntakeProcessor.class);

    /** How often snapshot reads older than the retention are forgotten. */
    private static final Duration FORGET_EVERY = Duration.ofMinutes(10);

    private final DerivationMetrics metrics;
    private final Duration retention;
    private final IntakeAttempts attempts;
    private ProcessorContext<String, Emit> context;
    private DuplicateFilter duplicates;

    IntakeProcessor(DerivationMetrics metrics, Duration retention, IntakeAttempts attempts) {
        this.metrics = metrics;
        this.retention = retention;
        this.attempts = attempts;
    }

    @Override
    public void init(ProcessorContext<String, Emit> context) {
        this.context = context;
        this.duplicates = new DuplicateFilter(context.getStateStore(StoreNames.WAL_HIGHEST),
                context.getStateStore(StoreNames.SEEN_SNAPSHOT_READS));
        context.schedule(FORGET_EVERY, PunctuationType.WALL_CLOCK_TIME,
                now -> duplicates.forgetOlderThan(retention));
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        try {
            intake(record, metadata);
            attempts.done(metadata);
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            int failed = attempts.failed(metadata);
            if (failed < IntakeAttempts.MAX_ATTEMPTS) {
                LOGGER.warn("Intake of {}-{}@{} failed (attempt {} of {}); the stream thread is replaced and retries it",
                        metadata.topic(), metadata.partition(), metadata.offset(), failed, IntakeAttempts.MAX_ATTEMPTS, e);
                throw e;
            }
            attempts.done(metadata);
            LOGGER.error("Intake of {}-{}@{} failed {} times; sent to the dead-letter topic", metadata.topic(),
                    metadata.partition(), metadata.offset(), failed, e);
            metrics.deadLetter(DeadLetters.PROCESSING_FAILED);
            SourcePosition source = new SourcePosition(metadata.topic(), metadata.partition(), metadata.offset(), null);
            context.forward(record.withKey((String) null).withValue(new Emit.Dead(DeadLetters.rejected(
                    DeadLetters.PROCESSING_FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(), source,
                    record.key(), record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs())))));
        }
    }

    private void intake(Record<byte[], byte[]> record, RecordMetadata metadata) {
        CdcChange change;
        try {
            change = ChangeParser.parse(metadata.topic(), metadata.partition(), metadata.offset(), record.value());
        } catch (InvalidChangeException e) {
            SourcePosition source = new SourcePosition(metadata.topic(), metadata.partition(), metadata.offset(), e.lsn());
            LOGGER.warn("Dead letter from {}-{}@{}: {} ({})", metadata.topic(), metadata.partition(), metadata.offset(),
                    e.getMessage(), e.reason());
            metrics.deadLetter(e.reason());
            context.forward(record.withKey((String) null).withValue(new Emit.Dead(DeadLetters.rejected(e.reason(),
                    e.getMessage(), source, record.key(), record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs())))));
            return;
        }
        metrics.change(change.table().tableName());
        if (!duplicates.firstSighting(change)) {
            metrics.duplicate(change.table().tableName());
            return;
        }
        for (RestaurantRouting.Routed routed : RestaurantRouting.route(change)) {
            context.forward(record.withKey((String) null).withValue(new Emit.Routed(routed.restaurantId(), routed.change())));
        }
    }
}
