package com.menuca.promo.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Notes when each change of {@code coupon_usage_log} becomes visible to a Kafka consumer, by its
 * {@code order_id}, on a thread of its own. Starts at the topic's end, so earlier rows are ignored.
 */
final class ArrivalClock implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final ConcurrentHashMap<Long, Long> arrivedNanos = new ConcurrentHashMap<>();
    private final TopicReader tail;
    private volatile long duplicates;

    ArrivalClock(String bootstrapServers, String topic) {
        tail = TopicReader.follow(bootstrapServers, List.of(topic), TopicReader.Start.END, "bench-arrivals", this::arrived);
    }

    private void arrived(ConsumerRecord<byte[], byte[]> record, long now) {
        long orderId = orderId(record.value());
        if (orderId >= 0 && arrivedNanos.putIfAbsent(orderId, now) != null) {
            duplicates++;
        }
    }

    /** {@code after.order_id} of a change envelope, read with a streaming parser (cheap enough for 100k/s). */
    static long orderId(byte[] value) {
        try (JsonParser parser = JSON.createParser(value)) {
            int depth = 0;
            boolean inAfter = false;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                    inAfter = inAfter && depth > 1;
                } else if (token == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (depth == 1 && name.equals("after")) {
                        inAfter = true;
                    } else if (depth == 1 && !name.equals("after")) {
                        parser.nextToken();
                        parser.skipChildren();
                    } else if (inAfter && depth == 2 && name.equals("order_id")) {
                        parser.nextToken();
                        return parser.getLongValue();
                    }
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    Long arrivedAt(long orderId) {
        return arrivedNanos.get(orderId);
    }

    int arrivals() {
        return arrivedNanos.size();
    }

    long duplicates() {
        return duplicates;
    }

    /**
     * Waits until the {@code count} rows from {@code fromOrderId} arrived.
     *
     * @return the nanoTime of the first and of the last arrival among them, or null on timeout
     */
    long[] awaitArrivals(long fromOrderId, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long next = fromOrderId;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        while (next < fromOrderId + count) {
            Long at = arrivedNanos.get(next);
            if (at == null) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                Thread.sleep(2);
                continue;
            }
            first = Math.min(first, at);
            last = Math.max(last, at);
            next++;
        }
        return new long[] {first, last};
    }

    @Override
    public void close() throws InterruptedException {
        tail.close();
    }
}
