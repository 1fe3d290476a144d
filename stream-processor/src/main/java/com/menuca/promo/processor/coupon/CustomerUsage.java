package com.menuca.promo.processor.coupon;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One customer's redemptions of one coupon.
 *
 * @param redemptions usage rows (deleted rows subtracted)
 * @param limit       the watch on the coupon's per_customer_limit
 */
public record CustomerUsage(@JsonProperty("redemptions") long redemptions, @JsonProperty("limit") LimitWatch limit) {
    public static final CustomerUsage NONE = new CustomerUsage(0, LimitWatch.ARMED);
}
