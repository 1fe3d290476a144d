package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code customer_coupon_limit_reached}: one customer's redemptions of the coupon reached its per_customer_limit. */
public record CustomerCouponLimitReached(
        @JsonProperty("code") String code,
        @JsonProperty("per_customer_limit") int perCustomerLimit,
        @JsonProperty("redemptions") long redemptions) implements EventData {
}
