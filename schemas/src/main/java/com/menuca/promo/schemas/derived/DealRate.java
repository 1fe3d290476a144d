package com.menuca.promo.schemas.derived;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * What {@code hours_active} and {@code redemptions_per_hour} of a deal mean (the columns of the old
 * {@code get_live_deal_performance} function), defined once: the stream processor publishes them in
 * {@link DealFigures} and the gateway's RPC recomputes them at call time from the same inputs.
 */
public final class DealRate {
    private DealRate() {
    }

    /** Whole hours from {@code startsAt} to {@code now}; 0 before the deal starts. */
    public static long hoursActive(Instant startsAt, Instant now) {
        return startsAt.isAfter(now) ? 0 : Duration.between(startsAt, now).toHours();
    }

    /** {@code usageCount / hoursActive} to 2 decimals (half up); 0.00 in the first hour. */
    public static BigDecimal redemptionsPerHour(long usageCount, long hoursActive) {
        return hoursActive == 0 ? BigDecimal.ZERO.setScale(2)
                : BigDecimal.valueOf(usageCount).divide(BigDecimal.valueOf(hoursActive), 2, RoundingMode.HALF_UP);
    }
}
