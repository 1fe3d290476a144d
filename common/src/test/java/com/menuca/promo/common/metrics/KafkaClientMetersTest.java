package com.menuca.promo.common.metrics;

import static com.menuca.promo.common.metrics.ServiceMetricsTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Real Kafka clients (they need no broker to exist, only to work): their metrics appear in the
 * service's scrape under Kafka's group names with the client id, and leave it when the binding closes.
 */
class KafkaClientMetersTest {
    private static final Map<String, Object> NOWHERE = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
            CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 60_000);

    @Test
    void shouldExportAProducersMetricsUntilTheBindingCloses() {
        try (ServiceMetrics metrics = ServiceMetrics.create();
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(with("client.id", "test-producer"),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            KafkaClientMeters binding = KafkaClientMeters.ofProducer(metrics.registry(), producer);
            String scrape = metrics.registry().scrape();
            assertThat(names(scrape)).contains("kafka_producer_record_send_total", "kafka_producer_request_latency_avg");
            assertThat(scrape).contains("client_id=\"test-producer\"");

            binding.close();
            assertThat(names(metrics.registry().scrape())).noneMatch(n -> n.startsWith("kafka_producer_"))
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void shouldExportAConsumersMetrics() {
        try (ServiceMetrics metrics = ServiceMetrics.create();
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(with("client.id", "test-consumer"),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaClientMeters binding = KafkaClientMeters.ofConsumer(metrics.registry(), consumer)) {
            assertThat(names(metrics.registry().scrape())).contains("kafka_consumer_fetch_manager_fetch_total",
                    "kafka_consumer_connection_count");
        }
    }

    @Test
    void shouldExportAnAdminClientsMetrics() {
        try (ServiceMetrics metrics = ServiceMetrics.create();
             Admin admin = Admin.create(with("client.id", "test-admin"));
             KafkaClientMeters binding = KafkaClientMeters.ofAdmin(metrics.registry(), admin)) {
            assertThat(names(metrics.registry().scrape())).contains("kafka_admin_client_connection_count");
        }
    }

    private static Map<String, Object> with(String key, String value) {
        Map<String, Object> config = new java.util.HashMap<>(NOWHERE);
        config.put(key, value);
        return config;
    }
}
