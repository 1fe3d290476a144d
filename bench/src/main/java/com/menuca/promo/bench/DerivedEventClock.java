package com.menuca.promo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Notes when derived records become visible to a read_committed consumer, on a thread of its own:
 * each {@code coupon_redeemed} by its order id, each {@code coupon_limit_reached} by its coupon, and
 * how many records every derived topic received. Starts at the topics' end.
 */
final class DerivedEventClock implements AutoCloseable {
    private final Map<Long, Long> redeemedAt = new ConcurrentHashMap<>();
    private final Map<Long, Long> limitReachedAt = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final TopicReader tail;

    DerivedEventClock(String bootstrapServers) {
        tail = TopicReader.follow(bootstrapServers, DerivedTopics.all().stream().map(Topic::name).toList(),
                TopicReader.Start.END, "bench-derived-events", this::arrived);
    }

    private void arrived(ConsumerRecord<byte[], byte[]> record, long now) {
        records.incrementAndGet();
        if (record.topic().equals(DerivedTopics.COUPON_ACTIVITY.name())) {
            note(record.value(), now);
        }
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
        tail.close();
    }
}
