package com.menuca.promo.harness.platform;

import java.sql.SQLException;
import java.util.function.LongConsumer;

/**
 * Rows that make the stream processor derive every event type for one restaurant and its customers:
 * a deal published, paused (status), expiring and soon expired; a coupon created, redeemed by two
 * customers up to its per-customer and total limits, expiring; a coupon used, then cut short so that it
 * expires within seconds (its customer is told of both).
 * Then sentinels: rows whose events are the last of the restaurant on each derived topic, so once they
 * arrived everything before them has (one restaurant's events share a partition).
 */
final class EveryEvent {
    private EveryEvent() {
    }

    /** The sentinel rows' ids. */
    record Sentinels(long deal, long coupon, long usage) {
    }

    /**
     * @param awaitUsage waits until the processor derived the redemption of this coupon_usage_log id (its
     *                   {@code coupon_redeemed} arrived): a coupon's expiry events go to the customers who
     *                   used it by then, and the use and the coupon's change are on different topics
     */
    static void commit(PromoDev dev, long restaurant, long customer, long otherCustomer, LongConsumer awaitUsage)
            throws SQLException {
        long ending = dev.sql(deal(restaurant, "Ends in ten minutes", "now() + interval '10 minutes'"));
        dev.sql("UPDATE menuca_v3.promotional_deals SET status = 'paused', is_active = false WHERE id = " + ending);
        dev.sql(deal(restaurant, "Ends in four seconds", "now() + interval '4 seconds'"));
        long limited = dev.sql(coupon(restaurant, "TWO-ONLY", "2", "1", "now() + interval '10 minutes'"));
        dev.sql(SupabaseJsIT.usageInsert(limited, restaurant, customer, "5.00"));
        dev.sql(SupabaseJsIT.usageInsert(limited, restaurant, otherCustomer, "5.00"));
        long shortLived = dev.sql(coupon(restaurant, "FOUR-SECONDS", "NULL", "NULL", "now() + interval '2 days'"));
        awaitUsage.accept(dev.sql(SupabaseJsIT.usageInsert(shortLived, restaurant, customer, "1.00")));
        dev.sql("UPDATE menuca_v3.promotional_coupons SET valid_until = now() + interval '4 seconds' WHERE id = " + shortLived
                + " RETURNING id");
    }

    static Sentinels sentinels(PromoDev dev, long restaurant, long customer) throws SQLException {
        long deal = dev.sql(deal(restaurant, "Sentinel", "now() + interval '2 days'"));
        long coupon = dev.sql(coupon(restaurant, "SENTINEL", "NULL", "NULL", "NULL"));
        long usage = dev.sql(SupabaseJsIT.usageInsert(coupon, restaurant, customer, "1.00"));
        return new Sentinels(deal, coupon, usage);
    }

    static String deal(long restaurant, String title, String endsAt) {
        return "INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, ends_at, "
                + "is_active, status) VALUES (" + restaurant + ", '" + title + "', 'percent', 10, " + endsAt
                + ", true, 'active') RETURNING id";
    }

    private static String coupon(long restaurant, String code, String usageLimit, String perCustomer, String validUntil) {
        return "INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value, usage_limit, "
                + "per_customer_limit, valid_until) VALUES (" + restaurant + ", '" + code + "', 'amount', 5.00, " + usageLimit
                + ", " + perCustomer + ", " + validUntil + ") RETURNING id";
    }
}
