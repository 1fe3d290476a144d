package com.menuca.promo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Notes when derived records become visible to a read_committed consumer, on a thread of its own:
 * each {@code coupon_redeemed} by its order id, each {@code coupon_limit_reached} by its coupon, and
 * how many records every derived topic received. Starts at the topics' end.
 */
final class DerivedEventClock implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Long, Long> redeemedAt = new ConcurrentHashMap<>();
    private final Map<Long, Long> limitReachedAt = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    DerivedEventClock(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?, ?> topic : DerivedTopics.all()) {
            consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::poll, "bench-derived-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                records.incrementAndGet();
                if (record.topic().equals(DerivedTopics.COUPON_ACTIVITY.name())) {
                    note(record.value(), now);
                }
            }
        }
        consumer.close();
    }

    private void note(byte[] value, long now) {
        JsonNode event;
        try {
            event = Json.mapper().readTree(value);
        } catch (IOException e) {
            return;
        }
        String type = event.path("type").asText();
        if (type.equals("coupon_redeemed")) {
            if (redeemedAt.putIfAbsent(event.path("data").path("order_id").asLong(), now) != null) {
                duplicates.incrementAndGet();
            }
        } else if (type.equals("coupon_limit_reached")) {
            if (limitReachedAt.putIfAbsent(event.path("coupon_id").asLong(), now) != null) {
                duplicates.incrementAndGet();
            }
        }
    }

    Long redeemedAt(long orderId) {
        return redeemedAt.get(orderId);
    }

    Long limitReachedAt(long couponId) {
        return limitReachedAt.get(couponId);
    }

    /** Derived records seen on every derived topic so far. */
    long records() {
        return records.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    /**
     * Waits until every order in [from, from + count) was redeemed; returns the nanoTime of the
     * latest arrival, or -1 on timeout.
     */
    long awaitRedeemed(long fromOrderId, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long cursor = fromOrderId;
        long last = -1;
        while (System.nanoTime() < deadline) {
            // every order is looked up once when it has arrived: waiting must not load the machine it measures
            Long at;
            while (cursor < fromOrderId + count && (at = redeemedAt.get(cursor)) != null) {
                last = Math.max(last, at);
                cursor++;
            }
            if (cursor == fromOrderId + count) {
                return last;
            }
            Thread.sleep(20);
        }
        return -1;
    }

    /** Waits until every coupon announced its limit; false on timeout. */
    boolean awaitLimits(List<Long> couponIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (couponIds.stream().allMatch(limitReachedAt::containsKey)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
