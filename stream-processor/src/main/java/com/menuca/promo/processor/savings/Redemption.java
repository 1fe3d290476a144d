package com.menuca.promo.processor.savings;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of a customer's statement: a coupon_usage_log row with its coupon's code and its deal's
 * title, as they were when it was derived (the fields of its {@code coupon_redeemed} event). Amounts
 * are written as decimal text, as in every contract.
 *
 * @param usageId         coupon_usage_log.id
 * @param customerId      the customer
 * @param restaurantId    the restaurant
 * @param couponId        the coupon
 * @param dealId          the coupon's deal, null when it has none
 * @param orderId         the order
 * @param code            the coupon's code
 * @param dealTitle       the deal's title, null when the coupon has no deal
 * @param discountApplied what the customer saved
 * @param orderTotal      the order's total
 * @param usedAt          when it was redeemed
 */
public record Redemption(
        @JsonProperty("usage_id") long usageId,
        @JsonProperty("customer_id") long customerId,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("coupon_id") long couponId,
        @JsonProperty("deal_id") Long dealId,
        @JsonProperty("order_id") long orderId,
        @JsonProperty("code") String code,
        @JsonProperty("deal_title") String dealTitle,
        @JsonProperty("discount_applied") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountApplied,
        @JsonProperty("order_total") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal orderTotal,
        @JsonProperty("used_at") Instant usedAt) {
}
