package com.menuca.promo.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.bench.TopicReader;
import com.menuca.promo.schemas.derived.DerivedTopics;
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
 * What the stream processor derived for one coupon, read as a consumer would (read_committed, from
 * the beginning, on its own thread): its {@code coupon_redeemed} events on {@code promo.coupon-activity},
 * counted by event id, and the latest redemption total on {@code promo.redemption-counts}.
 */
final class DerivedTally implements AutoCloseable {
    private final long couponId;
    private final Map<String, Integer> redeemedById = new ConcurrentHashMap<>();
    private final AtomicLong latestTotal = new AtomicLong(-1);
    private final TopicReader reader;

    DerivedTally(String bootstrapServers, long couponId) {
        this.couponId = couponId;
        reader = TopicReader.follow(bootstrapServers,
                List.of(DerivedTopics.COUPON_ACTIVITY.name(), DerivedTopics.REDEMPTION_COUNTS.name()),
                TopicReader.Start.BEGINNING, "fault-derived-tally", this::arrived);
    }

    private void arrived(ConsumerRecord<byte[], byte[]> record, long now) {
        if (record.value() == null) {
            return;
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
        reader.close();
    }
}
