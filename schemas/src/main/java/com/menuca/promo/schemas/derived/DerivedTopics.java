package com.menuca.promo.schemas.derived;

import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.json.JsonSerde;
import java.util.List;

/** The topics the stream processor writes, with their key and value serdes. */
public final class DerivedTopics {
    /** deal_published, deal_status_changed, deal_expiring, deal_expired; keyed by restaurant. */
    public static final Topic<RestaurantKey, DerivedEvent> DEAL_LIFECYCLE = new Topic<>("promo.deal-lifecycle",
            JsonSerde.of(RestaurantKey.class), JsonSerde.of(DerivedEvent.class));
    /** coupon_created, coupon_redeemed, coupon_limit_reached, customer_coupon_limit_reached,
     *  coupon_expiring, coupon_expired; keyed by restaurant. */
    public static final Topic<RestaurantKey, DerivedEvent> COUPON_ACTIVITY = new Topic<>("promo.coupon-activity",
            JsonSerde.of(RestaurantKey.class), JsonSerde.of(DerivedEvent.class));
    /** Compacted: latest counts per coupon, deal and restaurant; a tombstone when the coupon or deal is deleted. */
    public static final Topic<CountsKey, RedemptionCounts> REDEMPTION_COUNTS = new Topic<>("promo.redemption-counts",
            JsonSerde.of(CountsKey.class), JsonSerde.of(RedemptionCounts.class));
    /** Compacted: latest live deal performance per restaurant, at most once per second each. */
    public static final Topic<RestaurantKey, DealPerformance> DEAL_PERFORMANCE = new Topic<>("promo.deal-performance",
            JsonSerde.of(RestaurantKey.class), JsonSerde.of(DealPerformance.class));
    /** Compacted: latest savings per customer. */
    public static final Topic<CustomerKey, CustomerSavings> CUSTOMER_SAVINGS = new Topic<>("promo.customer-savings",
            JsonSerde.of(CustomerKey.class), JsonSerde.of(CustomerSavings.class));
    /** Changes the processor could not handle, with the reason and their source position. */
    public static final Topic<DeadLetterKey, DeadLetter> DEAD_LETTER = new Topic<>("promo.dead-letter",
            JsonSerde.of(DeadLetterKey.class), JsonSerde.of(DeadLetter.class));

    private DerivedTopics() {
    }

    /** Every derived topic, events first. */
    public static List<Topic<?, ?>> all() {
        return List.of(DEAL_LIFECYCLE, COUPON_ACTIVITY, REDEMPTION_COUNTS, DEAL_PERFORMANCE, CUSTOMER_SAVINGS, DEAD_LETTER);
    }
}
