package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code coupon_redeemed}: a coupon usage row was inserted, joined with its coupon and deal. (How many
 * redemptions the coupon has is on {@code promo.redemption-counts}: "the n-th" depends on the order
 * rows of different change-topic partitions meet, so it is no part of an event that must re-derive
 * identically.)
 *
 * @param usageId          the coupon_usage_log row
 * @param orderId          the order
 * @param code             the coupon's code
 * @param dealTitle        the title of the coupon's deal, null when the coupon has none
 * @param discountApplied  what the customer saved on this order
 * @param orderTotal       the order total
 * @param usedAt           the row's used_at
 * @param usageLimit       the coupon's usage_limit, null when unlimited
 */
public record CouponRedeemed(
        @JsonProperty("usage_id") long usageId,
        @JsonProperty("order_id") long orderId,
        @JsonProperty("code") String code,
        @JsonProperty("deal_title") String dealTitle,
        @JsonProperty("discount_applied") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountApplied,
        @JsonProperty("order_total") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal orderTotal,
        @JsonProperty("used_at") Instant usedAt,
        @JsonProperty("usage_limit") Integer usageLimit) implements EventData {
}
