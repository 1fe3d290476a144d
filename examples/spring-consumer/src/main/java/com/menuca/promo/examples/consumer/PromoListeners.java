package com.menuca.promo.examples.consumer;

import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.CouponUsage;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The listeners: records arrive already typed (promo-contracts' {@code ContractDeserializer}, configured in
 * application.yml), so each method takes the contract's record. Topic names and the consumer group (shared by
 * the three listeners) come from application.yml.
 */
@Component
class PromoListeners {
    private final Ledger ledger;

    PromoListeners(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Business events of both event topics: handled once per event_id, however often delivered. */
    @KafkaListener(id = "promo-events", idIsGroup = false, topics = "#{'${promo.topics.events}'.split(',')}")
    void onEvent(DerivedEvent event) {
        ledger.handle(event);
    }

    /** Latest counts per coupon, deal and restaurant (compacted; a null value is a deleted coupon or deal). */
    @KafkaListener(id = "promo-counts", idIsGroup = false, topics = "${promo.topics.counts}")
    void onCounts(ConsumerRecord<CountsKey, RedemptionCounts> record) {
        ledger.counts(record.key(), record.value());
    }

    /** Raw changes of coupon_usage_log, typed with its row. */
    @KafkaListener(id = "promo-usage", idIsGroup = false, topics = "${promo.topics.usage}")
    void onUsage(ChangeEvent<CouponUsage> change) {
        ledger.usageChange(change);
    }
}
