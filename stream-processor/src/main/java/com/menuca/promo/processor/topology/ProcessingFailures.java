package com.menuca.promo.processor.topology;

import com.menuca.promo.processor.deadletter.DeadLetters;
import com.menuca.promo.schemas.derived.DeadLetter;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing exception handler (KIP-1033) for the whole topology: a record that makes
 * any step throw unexpectedly goes to {@code promo.dead-letter} ({@code processing_failed}, KIP-1034's
 * dead-letter records, written in the task's transaction) and the partition moves on, instead of the
 * stream thread being replaced and meeting the same record again forever.
 *
 * <p>No retries here, unlike the intake: the derivations compute over their own state stores, which a
 * replaced thread restores to the last commit, so the same record fails the same way again; what can
 * fail transiently there is Kafka Streams itself ({@link StreamsException}: state stores, producers,
 * fencing), which is never dead-lettered but left to fail the thread (replaced, resuming from its last
 * commit), as the intake does. The intake's own exceptions are its retries (it counts them and
 * dead-letters the record itself after {@link IntakeAttempts#MAX_ATTEMPTS}), so they fail the thread too.
 */
public final class ProcessingFailures implements ProcessingExceptionHandler {
    /** Config key under which {@link #install} passes the metrics instance to the handler Kafka Streams creates. */
    static final String METRICS_CONFIG = "promo.processor.dead.letter.metrics";

    private static final Logger LOGGER = LoggerFactory.getLogger(ProcessingFailures.class);

    private DerivationMetrics metrics;

    /** Sets this handler, counting in {@code metrics}, in the Kafka Streams properties. */
    public static void install(Properties properties, DerivationMetrics metrics) {
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailures.class);
        properties.put(METRICS_CONFIG, metrics);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        if (!(configs.get(METRICS_CONFIG) instanceof DerivationMetrics configured)) {
            throw new ConfigException(METRICS_CONFIG, configs.get(METRICS_CONFIG), "install it with ProcessingFailures.install");
        }
        this.metrics = configured;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof StreamsException || PromoTopology.INTAKE.equals(context.processorNodeId())) {
            return Response.fail();
        }
        if (record == null || context.topic() == null) {
            // a punctuation: no record to park; it runs again at its next interval
            LOGGER.error("Punctuation of {} in task {} failed and is skipped", context.processorNodeId(), context.taskId(),
                    exception);
            return Response.resume();
        }
        LOGGER.error("Step {} failed on {}-{}@{}; sent to the dead-letter topic", context.processorNodeId(),
                context.topic(), context.partition(), context.offset(), exception);
        metrics.deadLetter(DeadLetters.PROCESSING_FAILED);
        DeadLetter letter = DeadLetters.raw(DeadLetters.PROCESSING_FAILED,
                context.processorNodeId() + ": " + exception.getClass().getSimpleName() + ": " + exception.getMessage(),
                stage(context.topic()), new SourcePosition(context.topic(), context.partition(), context.offset(), null),
                key(context, record), context.sourceRawValue(), Instant.now());
        String topic = DerivedTopics.DEAD_LETTER.name();
        return Response.resume(List.of(new ProducerRecord<>(topic, null, context.timestamp(),
                DerivedTopics.DEAD_LETTER.keySerde().serializer().serialize(topic, letter.deadLetterKey()),
                DerivedTopics.DEAD_LETTER.valueSerde().serializer().serialize(topic, letter))));
    }

    /** The change record's key as read; past the intake the key the step sees (a repartition key is binary). */
    private static byte[] key(ErrorHandlerContext context, Record<?, ?> record) {
        if (stage(context.topic()).equals(DeadLetters.STAGE_INTAKE)) {
            return context.sourceRawKey();
        }
        return record.key() == null ? null : String.valueOf(record.key()).getBytes(StandardCharsets.UTF_8);
    }

    /** The step whose input {@code topic} is: the change topics, or the repartition topic before a step. */
    private static String stage(String topic) {
        if (topic.endsWith(StoreNames.BY_CUSTOMER + "-repartition")) {
            return DeadLetters.STAGE_CUSTOMER;
        }
        if (topic.endsWith(StoreNames.BY_RESTAURANT + "-repartition")) {
            return DeadLetters.STAGE_RESTAURANT;
        }
        return DeadLetters.STAGE_INTAKE;
    }
}
