package com.menuca.promo.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaErrors;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a range of catalogue topics from Kafka exactly once: per partition it looks up the start
 * (timestamp to offset, or an offset) and the stop, reads between them in order with read_committed
 * isolation, keeps the events the selection wants and hands them to a sink. No consumer group: nothing
 * is committed, replays never disturb each other or the services.
 */
public final class ReplayEngine {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConnection kafka;
    private final Duration timeout;

    /**
     * @param timeout how long to wait for Kafka to answer, and for records to arrive, before giving up
     */
    public ReplayEngine(KafkaConnection kafka, Duration timeout) {
        this.kafka = kafka;
        this.timeout = timeout;
    }

    public ReplaySummary replay(EventSelection selection, ReplayRange range, EventSink sink, ReplayProgress progress)
            throws IOException {
        return replay(selection, range, Long.MAX_VALUE, sink, progress);
    }

    /**
     * @param limit stop after this many events are written (in partition order within each partition; across
     *              partitions, in the order they arrive)
     */
    public ReplaySummary replay(EventSelection selection, ReplayRange range, long limit, EventSink sink,
                                ReplayProgress progress) throws IOException {
        if (limit < 1) {
            throw new ReplayException("--limit must be 1 or more, not " + limit);
        }
        Map<String, CatalogTopic> topics = selection.topics().stream()
                .collect(Collectors.toMap(CatalogTopic::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            ReplayPlan plan = plan(consumer, topics.keySet(), range);
            progress.start(plan);
            ReplaySummary summary = read(consumer, plan, topics, selection, limit, sink, progress);
            sink.close();
            progress.finish(summary.scanned(), summary.written());
            return summary;
        } catch (TimeoutException e) {
            throw new ReplayException("Kafka at " + kafka.describe() + " did not answer within " + timeout.toSeconds()
                    + " s (" + e.getMessage() + "); check --bootstrap or PROMO_KAFKA_BOOTSTRAP_SERVERS", e);
        } catch (KafkaException e) {
            throw KafkaErrors.explain(e, "promo replay", kafka).<RuntimeException>map(
                    setup -> new ReplayException(setup.getMessage(), e)).orElseThrow(() -> e);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        try {
            return new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw new ReplayException("Cannot make a Kafka consumer from the kafka.* settings: "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    private Map<String, Object> consumerProperties() {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return kafka.clientProperties("promo-replay", props);
    }

    private ReplayPlan plan(KafkaConsumer<byte[], byte[]> consumer, Iterable<String> topics, ReplayRange range) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new ReplayException("topic " + topic + " does not exist on " + kafka.describe()
                        + "; create the catalogue's topics with `promo topics apply`");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        // Offsets are looked up for assigned partitions: read_committed lookups of unassigned ones make the client warn.
        consumer.assign(partitions);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> start = new LinkedHashMap<>();
        Map<TopicPartition, Long> stop = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndTimestamp> fromTime = range.fromTime().map(t -> lookup(consumer, partitions, t)).orElse(Map.of());
        Map<TopicPartition, OffsetAndTimestamp> toTime = range.toTime().map(t -> lookup(consumer, partitions, t)).orElse(Map.of());
        for (TopicPartition tp : partitions) {
            long first = beginning.get(tp);
            long last = end.get(tp);
            long from = range.fromOffset().map(o -> Math.min(Math.max(o, first), last))
                    .orElseGet(() -> range.fromTime().isPresent() ? offsetOr(fromTime.get(tp), last) : first);
            long to = range.toTime().isPresent() ? Math.min(offsetOr(toTime.get(tp), last), last) : last;
            start.put(tp, from);
            stop.put(tp, Math.max(from, to));
        }
        return new ReplayPlan(start, stop, range);
    }

    /** The first offset per partition whose timestamp is at or after {@code time} (null where there is none). */
    private Map<TopicPartition, OffsetAndTimestamp> lookup(KafkaConsumer<byte[], byte[]> consumer,
                                                           List<TopicPartition> partitions, Instant time) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
        return consumer.offsetsForTimes(query, timeout);
    }

    private static long offsetOr(OffsetAndTimestamp found, long otherwise) {
        return found == null ? otherwise : found.offset();
    }

    private ReplaySummary read(KafkaConsumer<byte[], byte[]> consumer, ReplayPlan plan, Map<String, CatalogTopic> topics,
                               EventSelection selection, long limit, EventSink sink, ReplayProgress progress)
            throws IOException {
        List<TopicPartition> active = new ArrayList<>(plan.start().keySet().stream()
                .filter(tp -> plan.stop().get(tp) > plan.start().get(tp)).toList());
        consumer.assign(active);
        active.forEach(tp -> consumer.seek(tp, plan.start().get(tp)));
        long total = plan.total();
        long written = 0;
        long scanned = 0;
        long lastProgressAt = System.nanoTime();
        while (!active.isEmpty() && written < limit) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (written >= limit) {
                    break;
                }
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() >= plan.stop().get(tp) || !plan.range().contains(record.timestamp())) {
                    continue;
                }
                CatalogTopic topic = topics.get(record.topic());
                JsonNode value = json(record.value());
                if (selection.keeps(topic, value)) {
                    sink.accept(new ReplayedEvent(topic, record.partition(), record.offset(),
                            Instant.ofEpochMilli(record.timestamp()), json(record.key()), value));
                    written++;
                }
            }
            List<TopicPartition> finished = active.stream().filter(tp -> consumer.position(tp) >= plan.stop().get(tp)).toList();
            if (!finished.isEmpty()) {
                consumer.pause(finished);
                active.removeAll(finished);
            }
            long nowScanned = plan.start().keySet().stream().mapToLong(tp -> scannedIn(consumer, plan, tp, active)).sum();
            if (nowScanned > scanned) {
                scanned = nowScanned;
                lastProgressAt = System.nanoTime();
            } else if (System.nanoTime() - lastProgressAt > timeout.toNanos()) {
                throw new ReplayException("no records arrived for " + timeout.toSeconds() + " s from " + active
                        + " on " + kafka.describe() + "; is the cluster healthy?");
            }
            progress.update(scanned, total, written);
        }
        return new ReplaySummary(scanned, written);
    }

    private static long scannedIn(KafkaConsumer<byte[], byte[]> consumer, ReplayPlan plan, TopicPartition tp,
                                  List<TopicPartition> active) {
        long start = plan.start().get(tp);
        long stop = plan.stop().get(tp);
        long position = active.contains(tp) ? Math.min(consumer.position(tp), stop) : stop;
        return Math.max(0, position - start);
    }

    private static JsonNode json(byte[] bytes) {
        if (bytes == null) {
            return NullNode.getInstance();
        }
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
