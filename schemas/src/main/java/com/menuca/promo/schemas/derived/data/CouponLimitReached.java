package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code coupon_limit_reached}: the coupon's redemptions reached its usage_limit. */
public record CouponLimitReached(
        @JsonProperty("code") String code,
        @JsonProperty("usage_limit") int usageLimit,
        @JsonProperty("redemptions") long redemptions) implements EventData {
}
