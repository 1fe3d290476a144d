package com.menuca.promo.gateway.security;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A gateway on its own broker and a producer of raw bytes onto the feed's topics: what the tests of
 * the feed's failures write with, since they need records no serializer of ours would make.
 */
record FeedTestStack(SecurityKafka kafka, SecureGateway gateway, KafkaProducer<byte[], byte[]> producer)
        implements AutoCloseable {

    static FeedTestStack start() throws Exception {
        SecurityKafka kafka = SecurityKafka.start();
        SecureGateway gateway = null;
        try {
            gateway = SecureGateway.start(kafka, Map.of());
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer());
            return new FeedTestStack(kafka, gateway, producer);
        } catch (Exception | Error e) {
            if (gateway != null) {
                gateway.close();
            }
            kafka.close();
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close();
        gateway.close();
        kafka.close();
    }
}
