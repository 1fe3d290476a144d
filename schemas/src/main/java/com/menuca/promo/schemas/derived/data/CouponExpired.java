package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** {@code coupon_expired}: an active coupon's valid_until passed. */
public record CouponExpired(@JsonProperty("code") String code, @JsonProperty("valid_until") Instant validUntil) implements EventData {
}
