package com.menuca.promo.processor.coupon;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.cdc.CouponRow;
import java.util.Set;

/**
 * What the processor remembers of a coupon.
 *
 * @param row          the latest row
 * @param fired        ids of its timers that already fired for the current valid_until
 * @param limitReached its redemptions are at or past its usage_limit (the limit watch is "armed" when false)
 */
public record StoredCoupon(
        @JsonProperty("row") CouponRow row,
        @JsonProperty("fired") Set<String> fired,
        @JsonProperty("limit_reached") boolean limitReached) {

    public StoredCoupon {
        fired = Set.copyOf(fired);
    }

    public StoredCoupon withFired(Set<String> newFired) {
        return new StoredCoupon(row, newFired, limitReached);
    }

    public StoredCoupon withLimitReached(boolean reached) {
        return new StoredCoupon(row, fired, reached);
    }
}
