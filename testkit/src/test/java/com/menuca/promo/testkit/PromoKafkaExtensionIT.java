package com.menuca.promo.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.serde.ContractDeserializer;
import com.menuca.promo.testkit.samples.Samples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PromoKafkaExtensionIT {
    @RegisterExtension
    static final PromoKafkaExtension PROMO = PromoKafkaExtension.kafkaOnly();

    @Test
    void shouldStartKafkaWithEveryCatalogueTopicAndCarryTypedSampleEvents(PromoKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PROMO.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .containsAll(Catalog.bundled().topics().stream().map(CatalogTopic::name).toList());
        }
        DerivedEvent sent = Samples.event(DerivedEventType.COUPON_REDEEMED).restaurant(42).customer(7L).build();
        kafka.publish(DerivedTopics.COUPON_ACTIVITY, sent.key(), sent);

        try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "testkit-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ContractDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ContractDeserializer.class.getName()))) {
            consumer.subscribe(List.of(DerivedTopics.COUPON_ACTIVITY.name()));
            List<Object> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<Object, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(record.key()).isEqualTo(sent.key());
                    received.add(record.value());
                }
            }
            assertThat(received).containsExactly(sent);
        }
    }
}
