package com.menuca.promo.processor.service;

import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.store.BoundedRocksDbMemory;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams properties of the processor, from its config. */
public final class StreamsProperties {
    private StreamsProperties() {
    }

    /**
     * @param applicationServer {@code host:port} other instances reach this one's queries at
     */
    public static Properties of(ProcessorConfig config, String applicationServer) {
        Properties p = new Properties();
        // The operator's Kafka client settings (security above all) apply to every client Streams makes.
        p.putAll(config.kafka().sharedProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Derived records become visible to read_committed consumers when their transaction commits, and
        // a change crosses two transactions (intake, then the restaurant step): this bounds the latency.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        // Off-heap memory of the RocksDB stores: one budget for all, not 50 MB of cache and 48 MB of memtables each.
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        p.put(BoundedRocksDbMemory.BUDGET_BYTES_CONFIG, config.stateMemoryMb() * 1024L * 1024L);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Under exactly-once, records become visible at commit, and a commit flushes the producer: lingering
        // up to the commit interval costs no latency and makes fewer, larger produce requests.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) config.commitInterval().toMillis());
        // One request in flight per broker: a transaction's first batch to a partition that is retried
        // (CONCURRENT_TRANSACTIONS) can then never be overtaken by the next one, which Kafka 4.3 answers with
        // OUT_OF_ORDER_SEQUENCE_NUMBER and logs as a broker ERROR (KAFKA-18202). Batches are large anyway:
        // the producer lingers until the commit flushes it.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        // An idle consumer's fetch returns at once when data arrives; this only bounds the wait when it does not.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
        // A task processes what it has buffered without first waiting for its other partitions' records still on
        // the broker. The derivations do not need that wait (rows of different change-topic partitions may meet
        // out of commit order anyway: a usage row before its coupon waits for it, totals do not depend on the
        // order; processor.md), and Kafka Streams 4.3 pays for it on every readiness check of a task with an empty
        // partition, formatting its log messages with String.format whether or not they are logged.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        return p;
    }
}
