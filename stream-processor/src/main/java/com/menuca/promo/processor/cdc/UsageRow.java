package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/** A {@code coupon_usage_log} row: one redemption of a coupon on an order. */
public record UsageRow(
        @JsonProperty("id") long id,
        @JsonProperty("coupon_id") long couponId,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("customer_id") long customerId,
        @JsonProperty("order_id") long orderId,
        @JsonProperty("discount_applied") BigDecimal discountApplied,
        @JsonProperty("order_total") BigDecimal orderTotal,
        @JsonProperty("used_at") Instant usedAt) implements Row {

    public static UsageRow of(JsonNode row) {
        RowFields f = new RowFields("coupon_usage_log", row);
        return new UsageRow(f.requiredLong("id"), f.requiredLong("coupon_id"), f.requiredLong("restaurant_id"),
                f.requiredLong("customer_id"), f.requiredLong("order_id"), f.requiredDecimal("discount_applied", 10, 2),
                f.requiredDecimal("order_total", 10, 2), f.requiredInstant("used_at"));
    }
}
