package com.menuca.promo.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the stream processor derived for one coupon, read as a consumer would (read_committed, from
 * the beginning, on its own thread): its {@code coupon_redeemed} events on {@code promo.coupon-activity},
 * counted by event id, and the latest redemption total on {@code promo.redemption-counts}.
 */
final class DerivedTally implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final long couponId;
    private final Map<String, Integer> redeemedById = new ConcurrentHashMap<>();
    private final AtomicLong latestTotal = new AtomicLong(-1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    DerivedTally(String bootstrapServers, long couponId) {
        this.couponId = couponId;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(DerivedTopics.COUPON_ACTIVITY.name(), DerivedTopics.REDEMPTION_COUNTS.name())) {
            consumer.partitionsFor(topic, Duration.ofSeconds(60)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::poll, "fault-derived-tally");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running.get()) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.value() == null) {
                    continue;
                }
                try {
                    JsonNode value = Json.mapper().readTree(record.value());
                    if (record.topic().equals(DerivedTopics.COUPON_ACTIVITY.name())) {
                        if ("coupon_redeemed".equals(value.path("type").asText()) && value.path("coupon_id").asLong() == couponId) {
                            redeemedById.merge(value.path("event_id").asText(), 1, Integer::sum);
                        }
                    } else if ("coupon".equals(value.path("scope").asText()) && value.path("id").asLong() == couponId) {
                        latestTotal.set(value.path("redemptions").path("total").asLong());
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable derived record on " + record.topic(), e);
                }
            }
        }
        consumer.close();
    }

    /** Waits until the redemption total and the distinct redeemed events both reach {@code expected}. */
    boolean awaitRedemptions(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (latestTotal.get() != expected || redeemedById.size() < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        Thread.sleep(1_000); // stragglers: a duplicate would arrive now
        return true;
    }

    /** Distinct coupon_redeemed event ids seen. */
    long redeemedEvents() {
        return redeemedById.size();
    }

    /** The distinct coupon_redeemed event ids seen. */
    Set<String> redeemedEventIds() {
        return Set.copyOf(redeemedById.keySet());
    }

    /** coupon_redeemed events seen more than once (the same event id). */
    long duplicateEventIds() {
        return redeemedById.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** The latest {@code redemptions.total} of the coupon, -1 before any. */
    long countedTotal() {
        return latestTotal.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
