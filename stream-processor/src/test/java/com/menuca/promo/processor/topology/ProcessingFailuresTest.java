package com.menuca.promo.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * What the topology's processing exception handler leaves to Kafka Streams: the intake's own retries
 * (it dead-letters a record itself after {@link IntakeAttempts#MAX_ATTEMPTS}) and Kafka Streams' own
 * failures, which a replaced thread retries and which are never dead letters.
 */
class ProcessingFailuresTest {
    private final ProcessingFailures handler = new ProcessingFailures();

    ProcessingFailuresTest() {
        Properties properties = new Properties();
        ProcessingFailures.install(properties, new DerivationMetrics(new SimpleMeterRegistry()));
        Map<String, Object> configs = new HashMap<>();
        properties.forEach((k, v) -> configs.put((String) k, v));
        handler.configure(configs);
    }

    private static ErrorHandlerContext at(String node) {
        return new ErrorHandlerContext() {
            public String topic() { return "menuca.menuca_v3.coupon_usage_log"; }
            public int partition() { return 0; }
            public long offset() { return 5; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return node; }
            public TaskId taskId() { return new TaskId(0, 0); }
            public long timestamp() { return 0; }
            public byte[] sourceRawKey() { return "{\"id\":1}".getBytes(StandardCharsets.UTF_8); }
            public byte[] sourceRawValue() { return "{}".getBytes(StandardCharsets.UTF_8); }
        };
    }

    private final Record<Object, Object> record = new Record<>(null, "change", 0L);

    @Test
    void shouldLeaveTheIntakesRetriesAndKafkaStreamsOwnFailuresToFailTheThread() {
        Response intake = handler.handleError(at(PromoTopology.INTAKE), record, new IllegalStateException("retry me"));
        assertThat(intake.result()).isEqualTo(Result.FAIL);
        assertThat(intake.deadLetterQueueRecords()).isEmpty();

        Response store = handler.handleError(at("intake-routed"), record, new ProcessorStateException("disk full"));
        assertThat(store.result()).isEqualTo(Result.FAIL);
        assertThat(store.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldDeadLetterAnyOtherStepsFailureOnTheDeadLetterTopicAndGoOn() {
        Response response = handler.handleError(at("key-by-restaurant"), record, new IllegalStateException("bug"));
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement()
                .satisfies(letter -> assertThat(letter.topic()).isEqualTo("promo.dead-letter"));
    }
}
