package com.menuca.promo.examples.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.schemas.ChangeTopics;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.CouponUsage;
import com.menuca.promo.schemas.cdc.PromotionalDeal;
import com.menuca.promo.schemas.derived.CustomerSavings;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import com.menuca.promo.testkit.samples.Samples;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import tools.jackson.core.type.TypeReference;

/**
 * The contract records read through Spring Kafka 4's Jackson 3 deserializer give the same values as through
 * promo-contracts' own (Jackson 2) serdes: for a sample of every event type, both typed change envelopes and
 * the state values. A team on Spring's JSON support can use the records without promo's serdes.
 */
class Jackson3CompatibilityTest {

    @Test
    void shouldReadEveryDerivedEventTypeAsTheSameTypedEvent() {
        for (DerivedEventType type : DerivedEventType.values()) {
            DerivedEvent event = Samples.event(type).restaurant(42).build();
            assertThat(viaJackson3(type.topic(), event, new JacksonJsonDeserializer<>(DerivedEvent.class, false)))
                    .as(type.wireName()).isEqualTo(event);
        }
    }

    @Test
    void shouldReadTypedChangesAndStateValues() {
        ChangeEvent<CouponUsage> usage = Samples.inserted(Samples.usage(5, 3, 42, 7));
        assertThat(viaJackson3(ChangeTopics.COUPON_USAGE_LOG, usage,
                new JacksonJsonDeserializer<>(new TypeReference<ChangeEvent<CouponUsage>>() { }, false))).isEqualTo(usage);
        ChangeEvent<PromotionalDeal> deal = Samples.updated(Samples.deal(1, 42), Samples.deal(1, 42));
        assertThat(viaJackson3(ChangeTopics.PROMOTIONAL_DEALS, deal,
                new JacksonJsonDeserializer<>(new TypeReference<ChangeEvent<PromotionalDeal>>() { }, false))).isEqualTo(deal);
        RedemptionCounts counts = Samples.couponCounts(3, 42, 5);
        assertThat(viaJackson3(DerivedTopics.REDEMPTION_COUNTS, counts,
                new JacksonJsonDeserializer<>(RedemptionCounts.class, false))).isEqualTo(counts);
        DealPerformance performance = Samples.performance(42);
        assertThat(viaJackson3(DerivedTopics.DEAL_PERFORMANCE, performance,
                new JacksonJsonDeserializer<>(DealPerformance.class, false))).isEqualTo(performance);
        CustomerSavings savings = Samples.savings(7, 2);
        assertThat(viaJackson3(DerivedTopics.CUSTOMER_SAVINGS, savings,
                new JacksonJsonDeserializer<>(CustomerSavings.class, false))).isEqualTo(savings);
    }

    /** Written by the contract's serde (as the pipeline writes it), read by Spring's Jackson 3 deserializer. */
    private static <V> V viaJackson3(Topic<?, V> topic, V value, JacksonJsonDeserializer<V> deserializer) {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        try (deserializer) {
            return deserializer.deserialize(topic.name(), bytes);
        }
    }
}
