package com.menuca.promo.schemas.derived;

import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.serde.CountsKeySerde;
import com.menuca.promo.schemas.serde.CustomerKeySerde;
import com.menuca.promo.schemas.serde.CustomerSavingsSerde;
import com.menuca.promo.schemas.serde.DeadLetterKeySerde;
import com.menuca.promo.schemas.serde.DeadLetterSerde;
import com.menuca.promo.schemas.serde.DealPerformanceSerde;
import com.menuca.promo.schemas.serde.DerivedEventSerde;
import com.menuca.promo.schemas.serde.RedemptionCountsSerde;
import com.menuca.promo.schemas.serde.RestaurantKeySerde;
import java.util.List;

/** The topics the stream processor writes, with their key and value serdes. */
public final class DerivedTopics {
    /** deal_published, deal_status_changed, deal_expiring, deal_expired; keyed by restaurant. */
    public static final Topic<RestaurantKey, DerivedEvent> DEAL_LIFECYCLE = new Topic<>("promo.deal-lifecycle",
            new RestaurantKeySerde(), new DerivedEventSerde());
    /** coupon_created, coupon_redeemed, coupon_limit_reached, customer_coupon_limit_reached,
     *  coupon_expiring, coupon_expired; keyed by restaurant. */
    public static final Topic<RestaurantKey, DerivedEvent> COUPON_ACTIVITY = new Topic<>("promo.coupon-activity",
            new RestaurantKeySerde(), new DerivedEventSerde());
    /** Compacted: latest counts per coupon, deal and restaurant; a tombstone when the coupon or deal is deleted. */
    public static final Topic<CountsKey, RedemptionCounts> REDEMPTION_COUNTS = new Topic<>("promo.redemption-counts",
            new CountsKeySerde(), new RedemptionCountsSerde());
    /** Compacted: latest live deal performance per restaurant, at most once per second each. */
    public static final Topic<RestaurantKey, DealPerformance> DEAL_PERFORMANCE = new Topic<>("promo.deal-performance",
            new RestaurantKeySerde(), new DealPerformanceSerde());
    /** Compacted: latest savings per customer. */
    public static final Topic<CustomerKey, CustomerSavings> CUSTOMER_SAVINGS = new Topic<>("promo.customer-savings",
            new CustomerKeySerde(), new CustomerSavingsSerde());
    /** Changes the processor could not handle, with the reason and their source position. */
    public static final Topic<DeadLetterKey, DeadLetter> DEAD_LETTER = new Topic<>("promo.dead-letter",
            new DeadLetterKeySerde(), new DeadLetterSerde());

    private DerivedTopics() {
    }

    /** Every derived topic, events first. */
    public static List<Topic<?, ?>> all() {
        return List.of(DEAL_LIFECYCLE, COUPON_ACTIVITY, REDEMPTION_COUNTS, DEAL_PERFORMANCE, CUSTOMER_SAVINGS, DEAD_LETTER);
    }
}
