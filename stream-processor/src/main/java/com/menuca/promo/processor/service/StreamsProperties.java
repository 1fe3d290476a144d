package com.menuca.promo.processor.service;

import com.menuca.promo.processor.ProcessorConfig;
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
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Derived records become visible to read_committed consumers when their transaction commits, and
        // a change crosses two transactions (intake, then the restaurant step): this bounds the latency.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Under exactly-once, records become visible at commit, and a commit flushes the producer: lingering
        // up to the commit interval costs no latency and makes fewer, larger produce requests.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) config.commitInterval().toMillis());
        // An idle consumer's fetch returns at once when data arrives; this only bounds the wait when it does not.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
        return p;
    }
}
