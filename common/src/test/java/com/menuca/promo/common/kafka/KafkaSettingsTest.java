package com.menuca.promo.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.config.ResolvedSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kafka settings every service shares: brokers, and client properties passed through safely. */
class KafkaSettingsTest {

    private static KafkaConnection load(Map<String, String> file, Map<String, String> env) {
        return KafkaSettings.from(ResolvedSettings.resolve("test", KafkaSettings.SETTINGS, ConfigSource.layered(file, env)));
    }

    @Test
    void shouldGiveEveryClientTheSecuritySettingsWhileTheServiceKeepsWhatItReliesOn() {
        KafkaConnection kafka = load(Map.of("kafka.bootstrap.servers", "b1:9093, b2:9093", "kafka.sasl.mechanism", "SCRAM-SHA-512"),
                Map.of("PROMO_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "PROMO_KAFKA_LINGER_MS", "20",
                        "PROMO_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/promo/ca.pem"));

        Map<String, Object> producer = kafka.clientProperties("promo-capture", Map.of("acks", "all", "linger.ms", 2));

        assertThat(producer).containsEntry("bootstrap.servers", "b1:9093,b2:9093").containsEntry("client.id", "promo-capture")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/promo/ca.pem").containsEntry("acks", "all")
                .as("what the service only defaults, the operator may retune").containsEntry("linger.ms", "20");
        assertThat(kafka.sharedProperties()).doesNotContainKey("client.id").containsEntry("security.protocol", "SASL_SSL");
        assertThat(kafka.describe()).isEqualTo("b1:9093,b2:9093 (SASL_SSL SCRAM-SHA-512)");
    }

    @Test
    void shouldRefuseWhatPromoSetsItselfTyposAndMalformedBrokers() {
        assertThatThrownBy(() -> load(Map.of("kafka.acks", "1", "kafka.isolation.level", "read_uncommitted",
                "kafka.securty.protocol", "SSL", "kafka.bootstrap.servers", "broker"), Map.of()))
                .hasMessageContaining("kafka.acks (env PROMO_KAFKA_ACKS) cannot be set: promo sets acks itself")
                .hasMessageContaining("kafka.isolation.level (env PROMO_KAFKA_ISOLATION_LEVEL) cannot be set")
                .hasMessageContaining("securty.protocol is not a property of Kafka's producer, consumer or admin client")
                .hasMessageContaining("kafka.bootstrap.servers = 'broker' is invalid: 'broker' is not host:port");
    }

    @Test
    void shouldAcceptConfigProvidersAndKeepSecretsOutOfItsOwnDescription() {
        KafkaConnection kafka = load(Map.of("kafka.config.providers", "file",
                "kafka.config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "kafka.sasl.jaas.config", "${file:/run/secrets/kafka.properties:jaas}"), Map.of());
        assertThat(kafka.properties()).containsKeys("config.providers", "config.providers.file.class", "sasl.jaas.config");

        KafkaConnection withPassword = load(Map.of("kafka.sasl.jaas.config", "x password=\"hunter2\";"), Map.of());
        assertThat(withPassword.toString()).doesNotContain("hunter2");
        assertThat(withPassword.describe()).isEqualTo("127.0.0.1:9092");
    }
}
