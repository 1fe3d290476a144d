package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Key of {@code promo.redemption-counts}: one compacted entry per coupon, per deal and per
 * restaurant, {@code {"scope": "coupon", "id": 17}}. The id is the coupon's, deal's or restaurant's
 * own id; the value names the restaurant.
 */
public record CountsKey(@JsonProperty("scope") CountsScope scope, @JsonProperty("id") long id) {
    public CountsKey {
        Objects.requireNonNull(scope, "scope");
    }
}
