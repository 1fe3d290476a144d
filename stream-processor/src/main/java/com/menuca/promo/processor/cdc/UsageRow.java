package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/** A {@code coupon_usage_log} row: one redemption of a coupon on an order. */
public record UsageRow(long id, long couponId, long restaurantId, long customerId, long orderId,
                       BigDecimal discountApplied, BigDecimal orderTotal, Instant usedAt) {

    public static UsageRow of(ObjectNode row) {
        RowFields f = new RowFields("coupon_usage_log", row);
        return new UsageRow(f.requiredLong("id"), f.requiredLong("coupon_id"), f.requiredLong("restaurant_id"),
                f.requiredLong("customer_id"), f.requiredLong("order_id"), f.requiredDecimal("discount_applied"),
                f.requiredDecimal("order_total"), f.requiredInstant("used_at"));
    }
}
