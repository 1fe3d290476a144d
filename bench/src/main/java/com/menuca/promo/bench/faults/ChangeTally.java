package com.menuca.promo.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code coupon_usage_log}'s change topic from the beginning, on its own thread, and counts the
 * inserts ({@code op: c}) of one coupon by {@code order_id}: how often each arrived and when it first did. The Kafka
 * consumer rides out broker restarts by itself.
 */
final class ChangeTally implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long couponId;
    private final Map<Long, Long> firstArrivalNanos = new ConcurrentHashMap<>();
    private final Map<Long, Integer> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ChangeTally(String bootstrapServers, long couponId) {
        this.couponId = couponId;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        String topic = CdcTable.COUPON_USAGE_LOG.topic().name();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::poll, "fault-tally");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                try {
                    JsonNode change = Json.mapper().readTree(record.value());
                    JsonNode after = change.path("after");
                    if (!"c".equals(change.path("op").asText()) || after.path("coupon_id").asLong() != couponId) {
                        continue;
                    }
                    long orderId = after.path("order_id").asLong();
                    firstArrivalNanos.putIfAbsent(orderId, now);
                    deliveries.merge(orderId, 1, Integer::sum);
                } catch (IOException e) {
                    unreadable.incrementAndGet();
                }
            }
        }
        consumer.close();
    }

    /** Waits until every id in {@code expected} arrived; returns false on timeout. */
    boolean awaitAll(Set<Long> expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!firstArrivalNanos.keySet().containsAll(expected)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    Long firstArrival(long orderId) {
        return firstArrivalNanos.get(orderId);
    }

    /** Deliveries beyond the first, summed over all rows. */
    long duplicates() {
        return deliveries.values().stream().mapToLong(n -> n - 1).sum();
    }

    Set<Long> arrived() {
        return Set.copyOf(firstArrivalNanos.keySet());
    }

    long unreadable() {
        return unreadable.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
