package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A whole {@code menuca_v3.coupon_usage_log} row: one redemption of a coupon.
 *
 * @param id              primary key
 * @param couponId        the coupon redeemed ({@code promotional_coupons.id})
 * @param restaurantId    the restaurant of the order
 * @param customerId      the customer who redeemed it
 * @param orderId         the order it was applied to
 * @param discountApplied discount granted, numeric(10,2)
 * @param orderTotal      order total, numeric(10,2)
 * @param usedAt          when the coupon was used
 */
public record CouponUsage(
        @JsonProperty("id") long id,
        @JsonProperty("coupon_id") long couponId,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("customer_id") long customerId,
        @JsonProperty("order_id") long orderId,
        @JsonProperty("discount_applied") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountApplied,
        @JsonProperty("order_total") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal orderTotal,
        @JsonProperty("used_at") Instant usedAt) {
}
