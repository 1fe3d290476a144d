package com.menuca.promo.processor.coupon;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Watches a count against a limit, and numbers its crossings. A limit fires once per crossing: the
 * watch re-arms when the count falls below the limit again (a refund) or the limit is raised above
 * it; an unlimited coupon never fires.
 *
 * <p>The crossing number, not the change that happened to cross, identifies a crossing: which usage
 * row is "the 25th" depends on the order rows from different change-topic partitions meet, while
 * "the coupon reached its limit of 25 for the first time" does not. Event ids built from it survive
 * a re-derivation.
 *
 * @param reached   the count is at or past the limit
 * @param crossings how many times the count has reached the limit so far
 */
public record LimitWatch(@JsonProperty("reached") boolean reached, @JsonProperty("crossings") int crossings) {
    /** Below the limit, never crossed. */
    public static final LimitWatch ARMED = new LimitWatch(false, 0);

    /** The watch after seeing {@code count} against {@code limit} (null: unlimited). */
    public LimitWatch observe(long count, Integer limit) {
        boolean nowReached = limit != null && count >= limit;
        return new LimitWatch(nowReached, nowReached && !reached ? crossings + 1 : crossings);
    }

    /** True when this watch crossed the limit since {@code before}. */
    public boolean crossedSince(LimitWatch before) {
        return crossings > before.crossings;
    }
}
