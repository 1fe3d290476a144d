package com.menuca.promo.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far a topic can be read by a read_committed consumer (its partitions' last stable offsets,
 * summed), asked of the broker without fetching a record: a clock for "the last row is in Kafka" that
 * costs the machine almost nothing while it measures. Used from one thread.
 */
final class VisibleEnd implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    VisibleEnd(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = consumer.partitionsFor(topic, REQUEST_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Records readable now, over all partitions. */
    long now() {
        return consumer.endOffsets(partitions, REQUEST_TIMEOUT).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Asks every two milliseconds until {@code count} records beyond {@code from} are readable.
     *
     * @return the nanoTime when the first of them and when all of them were seen readable, or null on timeout
     */
    long[] awaitGrowth(long from, long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long first = 0;
        while (System.nanoTime() < deadline) {
            long end = now();
            long seen = System.nanoTime();
            if (first == 0 && end > from) {
                first = seen;
            }
            if (end >= from + count) {
                return new long[] {first, seen};
            }
            Thread.sleep(2);
        }
        return null;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
