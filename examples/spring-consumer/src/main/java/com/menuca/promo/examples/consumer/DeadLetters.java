package com.menuca.promo.examples.consumer;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Poison records go to this service's dead-letter topic, byte for byte, with Spring's exception headers,
 * and the listener goes on. A record that cannot be read is not retried; one whose handling fails is
 * tried three times first. Spring Boot has no property for this, so it is wiring here; the topic name and
 * its partitions are in application.yml.
 */
@Configuration
class DeadLetters {
    @Bean
    DefaultErrorHandler errorHandler(KafkaOperations<Object, Object> template,
                                     @Value("${promo.dead-letter.topic}") String topic) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(topic, -1));
        return new DefaultErrorHandler(recoverer, new FixedBackOff(500, 2));
    }

    @Bean
    NewTopic deadLetterTopic(@Value("${promo.dead-letter.topic}") String topic,
                             @Value("${promo.dead-letter.partitions}") int partitions) {
        return new NewTopic(topic, partitions, (short) -1);
    }
}
