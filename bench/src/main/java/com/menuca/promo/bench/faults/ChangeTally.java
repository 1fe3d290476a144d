package com.menuca.promo.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.bench.TopicReader;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code coupon_usage_log}'s change topic from the beginning, on its own thread, and counts the
 * inserts ({@code op: c}) of one coupon by {@code order_id}: how often each arrived and when it first did.
 */
final class ChangeTally implements AutoCloseable {
    private final long couponId;
    private final Map<Long, Long> firstArrivalNanos = new ConcurrentHashMap<>();
    private final Map<Long, Integer> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();
    private final TopicReader reader;

    ChangeTally(String bootstrapServers, long couponId) {
        this.couponId = couponId;
        reader = TopicReader.follow(bootstrapServers, List.of(CdcTable.COUPON_USAGE_LOG.topic().name()),
                TopicReader.Start.BEGINNING, "fault-tally", this::arrived);
    }

    private void arrived(ConsumerRecord<byte[], byte[]> record, long now) {
        try {
            JsonNode change = Json.mapper().readTree(record.value());
            JsonNode after = change.path("after");
            if ("c".equals(change.path("op").asText()) && after.path("coupon_id").asLong() == couponId) {
                long orderId = after.path("order_id").asLong();
                firstArrivalNanos.putIfAbsent(orderId, now);
                deliveries.merge(orderId, 1, Integer::sum);
            }
        } catch (IOException e) {
            unreadable.incrementAndGet();
        }
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
        reader.close();
    }
}
