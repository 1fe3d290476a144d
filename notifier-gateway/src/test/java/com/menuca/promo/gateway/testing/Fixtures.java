package com.menuca.promo.gateway.testing;

import com.menuca.promo.schemas.derived.AmountsByPeriod;
import com.menuca.promo.schemas.derived.CountsByPeriod;
import com.menuca.promo.schemas.derived.DealFigures;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DealRate;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.testkit.samples.Samples;
import com.menuca.promo.schemas.derived.SourcePosition;
import com.menuca.promo.schemas.json.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Rows and derived records the gateway's integration tests write, shaped as the platform's. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A live deal: active, started now, ending tomorrow. */
    public static String dealInsert(long restaurant, String title) {
        return dealInsert(restaurant, title, true, "active", "now()");
    }

    /**
     * A deal with the given switch, status and start ({@code startsAtSql} is SQL, e.g.
     * {@code now() + interval '1 day'}); it ends two days after now.
     */
    public static String dealInsert(long restaurant, String title, boolean active, String status, String startsAtSql) {
        return "INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, starts_at, ends_at, "
                + "is_active, status) VALUES (" + restaurant + ", '" + title + "', 'percent', 10, " + startsAtSql
                + ", now() + interval '2 days', " + active + ", '" + status + "') RETURNING id";
    }

    public static String couponInsert(long restaurant, String code) {
        return "INSERT INTO menuca_v3.promotional_coupons (restaurant_id, code, discount_type, discount_value) "
                + "VALUES (" + restaurant + ", '" + code + "', 'amount', 5) RETURNING id";
    }

    public static String usageInsert(long coupon, long restaurant, long customer, String discount) {
        return "INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total) "
                + "VALUES (" + coupon + ", " + restaurant + ", " + customer + ", " + (System.nanoTime() % 1_000_000_000L) + ", "
                + discount + ", 30.00) RETURNING id";
    }

    public static DealPerformance performance(long restaurant, long redeemedToday) {
        return performance(restaurant, redeemedToday, List.of());
    }

    /** A restaurant's performance with these live deals (most redeemed first, as the processor lists them). */
    public static DealPerformance performance(long restaurant, long redeemedToday, List<DealFigures> deals) {
        return new DealPerformance(restaurant, LocalDate.now(), "UTC", 2, new CountsByPeriod(redeemedToday, 1, 40),
                AmountsByPeriod.ZERO, AmountsByPeriod.ZERO, List.of(), deals, List.of(), Instant.now());
    }

    /** A live deal's figures as the processor publishes them: {@code usage} redemptions ever, started at {@code startsAt}. */
    public static DealFigures dealFigures(long deal, String title, long usage, Instant startsAt, Instant endsAt) {
        long hours = DealRate.hoursActive(startsAt, Instant.now());
        return new DealFigures(deal, title, "active", true, true, startsAt, endsAt, usage, hours,
                DealRate.redemptionsPerHour(usage, hours), new CountsByPeriod(usage, 0, usage), AmountsByPeriod.ZERO,
                AmountsByPeriod.ZERO);
    }

    /** A derived event as the stream processor publishes it (its contract type), with sample {@code data} of its type. */
    public static DerivedEvent event(DerivedEventType type, long restaurant, Long customer, Long deal, String eventId) {
        return new DerivedEvent(eventId, type.wireName(), Instant.now(), restaurant, customer, deal, null,
                Samples.data(type), new SourcePosition("menuca.menuca_v3.promotional_deals", 0, 1, 1L));
    }
}
