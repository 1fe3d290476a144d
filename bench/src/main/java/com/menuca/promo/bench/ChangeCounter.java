package com.menuca.promo.bench;

import com.menuca.promo.schemas.cdc.CdcTable;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Counts the change events of all five captured tables as a consumer sees them (from the topics' end
 * when created; delete tombstones are not changes and are not counted), and when the first and the
 * latest arrived.
 */
final class ChangeCounter implements AutoCloseable {
    private final AtomicLong changes = new AtomicLong();
    private volatile long firstNanos;
    private volatile long lastNanos;
    private final TopicReader reader;

    ChangeCounter(String bootstrapServers) {
        reader = TopicReader.follow(bootstrapServers, Arrays.stream(CdcTable.values()).map(t -> t.topic().name()).toList(),
                TopicReader.Start.END, "bench-change-counter", this::arrived);
    }

    private void arrived(ConsumerRecord<byte[], byte[]> record, long now) {
        if (record.value() == null) {
            return;
        }
        if (changes.getAndIncrement() == 0) {
            firstNanos = now;
        }
        lastNanos = now;
    }

    long changes() {
        return changes.get();
    }

    long firstNanos() {
        return firstNanos;
    }

    long lastNanos() {
        return lastNanos;
    }

    /** Waits until {@code count} changes have arrived in all; false if they did not within {@code timeout}. */
    boolean await(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (changes.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        reader.close();
    }
}
