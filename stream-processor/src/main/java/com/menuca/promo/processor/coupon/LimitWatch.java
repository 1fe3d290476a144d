package com.menuca.promo.processor.coupon;

/**
 * Whether a count reached its limit and whether that is a new crossing. A limit fires once per
 * crossing: the watch re-arms when the count falls below the limit again (a refund) or the limit
 * is raised above it, and an unlimited coupon never fires.
 *
 * @param reached the count is at or past the limit now
 * @param crossed it was not before: announce it
 */
public record LimitWatch(boolean reached, boolean crossed) {

    /**
     * @param wasReached the previous {@link #reached}
     * @param count      the count now
     * @param limit      the limit now, null for unlimited
     */
    public static LimitWatch check(boolean wasReached, long count, Integer limit) {
        boolean reached = limit != null && count >= limit;
        return new LimitWatch(reached, reached && !wasReached);
    }
}
