package com.menuca.promo.processor.topology;

/**
 * Names of the state stores: their changelog topics are {@code <application.id>-<name>-changelog};
 * the interactive queries look them up by these names.
 */
public final class StoreNames {
    /** Intake: the highest WAL position seen per change-topic partition. */
    public static final String WAL_HIGHEST = "wal-highest";
    /** Intake: positions of snapshot reads seen, with their snapshot time. */
    public static final String SEEN_SNAPSHOT_READS = "seen-snapshot-reads";
    /** Per restaurant: deals ({@code restaurant/deal}). */
    public static final String DEALS = "deals";
    /** Per restaurant: coupons ({@code restaurant/coupon}). */
    public static final String COUPONS = "coupons";
    /** Per restaurant: tallies of coupons, deals and restaurants ({@code coupon/17}). */
    public static final String TALLIES = "tallies";
    /** Per restaurant: redemptions per coupon and customer ({@code coupon/customer}). */
    public static final String CUSTOMER_USAGE = "customer-usage";
    /** Per restaurant: expiry timers by firing time. */
    public static final String TIMERS = "timers";
    /** Per restaurant: usage changes waiting for their coupon or deal. */
    public static final String PENDING_USAGE = "pending-usage";
    /** Per restaurant: counts changed since they were last published ({@code coupon/17} to restaurant). */
    public static final String COUNTS_DUE = "counts-due";
    /** Per restaurant: when performance is due. */
    public static final String PERFORMANCE_MARKS = "performance-marks";
    /** Per customer: savings. */
    public static final String SAVINGS = "customer-savings";

    /** Internal repartition topics (suffixes of {@code <application.id>-<name>-repartition}). */
    public static final String BY_RESTAURANT = "changes-by-restaurant";
    public static final String BY_CUSTOMER = "savings-by-customer";

    private StoreNames() {
    }
}
