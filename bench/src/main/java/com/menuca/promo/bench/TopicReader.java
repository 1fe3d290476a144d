package com.menuca.promo.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the benchmarks' clocks and tallies read with: every partition of the given topics, from their
 * beginning or from their end now (so only what the benchmark writes next is seen), read_committed,
 * fetching with little wait so a clock adds almost nothing to the latency it measures. Each record is
 * handed over on a daemon thread of its own together with the moment it was polled. The consumer rides
 * out broker restarts by itself.
 */
public final class TopicReader implements AutoCloseable {
    /** Where reading starts. */
    public enum Start { BEGINNING, END }

    /** Called on the reading thread for each record, with {@link System#nanoTime()} when it arrived. */
    public interface RecordHandler {
        void arrived(ConsumerRecord<byte[], byte[]> record, long arrivedNanos);
    }

    /** Long enough for a broker that is still starting, or restarting in the fault suite. */
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordHandler handler;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private TopicReader(String bootstrapServers, List<String> topics, Start start, String threadName,
                        RecordHandler handler) {
        this.consumer = consumer(bootstrapServers, topics, start);
        this.handler = handler;
        this.thread = new Thread(this::poll, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts reading {@code topics} from {@code start} on a thread named {@code threadName}. */
    public static TopicReader follow(String bootstrapServers, List<String> topics, Start start, String threadName,
                                     RecordHandler handler) {
        return new TopicReader(bootstrapServers, topics, start, threadName, handler);
    }

    private void poll() {
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                handler.arrived(record, System.nanoTime());
            }
        }
        consumer.close();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, List<String> topics, Start start) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, METADATA_TIMEOUT)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        if (start == Start.END) {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        } else {
            consumer.seekToBeginning(partitions);
        }
        return consumer;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
