package com.menuca.promo.processor.coupon;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.cdc.CouponRow;
import java.util.Set;

/**
 * What the processor remembers of a coupon.
 *
 * @param row          the latest row
 * @param fired        ids of its timers that already fired for the current valid_until
 * @param limit        the watch on its usage_limit
 */
public record StoredCoupon(
        @JsonProperty("row") CouponRow row,
        @JsonProperty("fired") Set<String> fired,
        @JsonProperty("limit") LimitWatch limit) {

    public StoredCoupon {
        fired = Set.copyOf(fired);
    }

    public StoredCoupon withFired(Set<String> newFired) {
        return new StoredCoupon(row, newFired, limit);
    }

    public StoredCoupon withLimit(LimitWatch newLimit) {
        return new StoredCoupon(row, fired, newLimit);
    }

    /** Redemptions are at or past the usage_limit. */
    public boolean limitReached() {
        return limit.reached();
    }
}
