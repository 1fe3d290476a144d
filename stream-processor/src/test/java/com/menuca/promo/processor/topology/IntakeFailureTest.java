package com.menuca.promo.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.processor.cdc.WalSequence;
import com.menuca.promo.processor.deadletter.DeadLetters;
import com.menuca.promo.processor.store.InternalJson;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Finding 10 of issue 12: a record whose intake throws unexpectedly is retried a bounded number of
 * times (each attempt on a fresh processor, as after Kafka Streams replaces the failed thread), then
 * goes to the dead-letter topic, and the records after it are processed. The failure is injected: the
 * parser turns every malformed change into a dead letter of its own, so the unexpected failure here is
 * the dedup store's serializer throwing for one record's WAL position.
 */
class IntakeFailureTest {
    private static final long POISON_LSN = 4_242L;

    private final IntakeAttempts attempts = new IntakeAttempts();
    private final MockProcessorContext<String, Emit> context = new MockProcessorContext<>();

    IntakeFailureTest() {
        Serde<WalSequence> sequences = InternalJson.serde(WalSequence.class);
        Serializer<WalSequence> failing = (topic, sequence) -> {
            byte[] bytes = sequences.serializer().serialize(topic, sequence);
            if (new String(bytes, StandardCharsets.UTF_8).contains(String.valueOf(POISON_LSN))) {
                throw new IllegalStateException("cannot store this WAL position");
            }
            return bytes;
        };
        KeyValueStore<String, WalSequence> highest = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.WAL_HIGHEST), Serdes.String(),
                Serdes.serdeFrom(failing, sequences.deserializer())).withLoggingDisabled().build();
        KeyValueStore<String, Long> seen = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.SEEN_SNAPSHOT_READS), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        highest.init(context.getStateStoreContext(), highest);
        seen.init(context.getStateStoreContext(), seen);
        context.addStateStore(highest);
        context.addStateStore(seen);
        context.setCurrentSystemTimeMs(1_767_268_800_000L);
    }

    /** A fresh intake processor, as a replaced stream thread's task builds it. */
    private IntakeProcessor intake() {
        IntakeProcessor processor = new IntakeProcessor(new DerivationMetrics(new SimpleMeterRegistry()),
                Duration.ofHours(1), attempts);
        processor.init(context);
        return processor;
    }

    private Record<byte[], byte[]> usage(long id, long lsn) {
        ObjectNode row = Rows.usage(id, 17, 42, 7, Instant.parse("2026-01-01T12:00:00Z"));
        ObjectNode source = Json.mapper().createObjectNode().put("ts_ms", 1_767_268_800_000L).put("snapshot", "false")
                .put("table", "coupon_usage_log").put("lsn", lsn).put("sequence", "[\"" + (lsn - 1) + "\",\"" + lsn + "\"]");
        ObjectNode envelope = Json.mapper().createObjectNode().put("op", "c");
        envelope.set("after", row);
        envelope.set("source", source);
        return new Record<>(("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8), envelope.toString().getBytes(
                StandardCharsets.UTF_8), 0L);
    }

    private void at(long offset) {
        context.setRecordMetadata(CdcTable.COUPON_USAGE_LOG.topic().name(), 0, offset);
    }

    @Test
    void shouldDeadLetterARecordThatKeepsFailingAndGoOn() {
        at(10);
        intake().process(usage(1, 1_000));
        assertThat(context.forwarded()).singleElement().satisfies(f -> assertThat(f.record().value()).isInstanceOf(Emit.Routed.class));
        context.resetForwards();

        at(11);
        for (int attempt = 1; attempt < IntakeAttempts.MAX_ATTEMPTS; attempt++) {
            IntakeProcessor replaced = intake();
            assertThatThrownBy(() -> replaced.process(usage(2, POISON_LSN)))
                    .as("attempt %d is retried by a replaced thread", attempt).isInstanceOf(IllegalStateException.class);
        }
        IntakeProcessor last = intake();
        last.process(usage(2, POISON_LSN));
        List<Object> out = context.forwarded().stream().map(f -> (Object) f.record().value()).toList();
        assertThat(out).singleElement().isInstanceOfSatisfying(Emit.Dead.class, dead -> {
            assertThat(dead.letter().reason()).isEqualTo(DeadLetters.PROCESSING_FAILED);
            assertThat(dead.letter().detail()).contains("IllegalStateException");
            assertThat(dead.letter().source().offset()).isEqualTo(11);
        });
        context.resetForwards();

        at(12);
        last.process(usage(3, 5_000));
        assertThat(context.forwarded()).as("the partition moves on").singleElement()
                .satisfies(f -> assertThat(f.record().value()).isInstanceOf(Emit.Routed.class));
    }
}
