package com.menuca.promo.processor.warmup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.ChangeTopics;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.ChangeSource;
import com.menuca.promo.schemas.cdc.CouponUsage;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.cdc.PromotionalCoupon;
import com.menuca.promo.schemas.cdc.PromotionalDeal;
import com.menuca.promo.schemas.cdc.RowId;
import com.menuca.promo.schemas.json.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An endless, deterministic feed of change records as the capture writes them, for the warm-up: the
 * same contracts ({@link ChangeTopics}' row records and key serdes, {@link ChangeEvent}) written by the
 * same Jackson configuration, plus the {@code source.sequence} Debezium adds to streamed changes (the
 * intake's redelivery filter reads it, so without it the warm-up would take the snapshot path).
 *
 * <p>The mix is the production one the first minute has to keep up with: first a deal and two coupons
 * per restaurant (one unlimited, one with a usage and a per-customer limit that redemptions reach), then
 * per thousand changes 970 redemptions, 20 corrected and 5 refunded ones, 3 coupon and 2 deal updates.
 * Each change commits one millisecond after the one before; the clock starts at {@code start}.
 *
 * <p>Marketing tags and tag associations are not here: the topology does not read them.
 */
final class SyntheticChanges {
    /** Restaurants of the synthetic world (as many as the cold-start benchmark writes to). */
    static final int RESTAURANTS = 24;
    /** Distinct customers redeeming. */
    private static final int CUSTOMERS = 5_000;
    private static final int CYCLE = 1_000;
    private static final BigDecimal DISCOUNT = new BigDecimal("1.50");
    private static final BigDecimal CORRECTED = new BigDecimal("1.00");
    private static final BigDecimal ORDER_TOTAL = new BigDecimal("30.00");

    /** One change record: the change topic it belongs to, its key and value bytes, its commit time. */
    record Change(String topic, byte[] key, byte[] value, Instant committedAt) {
    }

    private final List<PromotionalDeal> deals = new ArrayList<>();
    private final List<PromotionalCoupon> coupons = new ArrayList<>();
    /** Recent redemptions an update or a refund may pick (refunded ones leave). */
    private final Deque<CouponUsage> recent = new ArrayDeque<>();
    private final Instant start;
    private Instant clock;
    private long lsn = 1_000_000;
    private long produced;
    private long nextUsageId = 1;

    SyntheticChanges(Instant start) {
        this.start = start;
        this.clock = start;
        for (int r = 1; r <= RESTAURANTS; r++) {
            deals.add(new PromotionalDeal(r, r, "Warm-up deal " + r, "Synthetic deal of the processor's warm-up",
                    "percent", new BigDecimal("10.00"), null, start.minus(Duration.ofHours(1)),
                    start.plus(Duration.ofDays(7)), true, "active", start, start));
            coupons.add(coupon(2L * r - 1, r, null, null));
            coupons.add(coupon(2L * r, r, 200, 3));
        }
    }

    private PromotionalCoupon coupon(long id, long restaurant, Integer usageLimit, Integer perCustomerLimit) {
        return new PromotionalCoupon(id, restaurant, restaurant, "WARM-" + id, "amount", DISCOUNT, usageLimit,
                perCustomerLimit, start.minus(Duration.ofDays(1)), start.plus(Duration.ofDays(30)), true, start, start);
    }

    /** The commit time of the latest change. */
    Instant now() {
        return clock;
    }

    Change next() {
        clock = clock.plusMillis(1);
        long n = produced++;
        int setUp = deals.size() + coupons.size();
        if (n < setUp) {
            return n < deals.size() ? deal(Op.CREATE, null, deals.get((int) n))
                    : coupon(Op.CREATE, null, coupons.get((int) n - deals.size()));
        }
        int slot = (int) ((n - setUp) % CYCLE);
        if (slot < 20 && !recent.isEmpty()) {
            CouponUsage before = recent.pollFirst();
            CouponUsage after = new CouponUsage(before.id(), before.couponId(), before.restaurantId(),
                    before.customerId(), before.orderId(), CORRECTED, before.orderTotal(), before.usedAt());
            recent.addLast(after);
            return usage(Op.UPDATE, before, after);
        }
        if (slot < 25 && !recent.isEmpty()) {
            return usage(Op.DELETE, recent.pollLast(), null);
        }
        if (slot < 28) {
            int i = (int) (n % coupons.size());
            PromotionalCoupon before = coupons.get(i);
            PromotionalCoupon after = new PromotionalCoupon(before.id(), before.restaurantId(), before.dealId(),
                    before.code(), before.discountType(), before.discountValue(), before.usageLimit(),
                    before.perCustomerLimit(), before.validFrom(), before.validUntil(), true, before.createdAt(), clock);
            coupons.set(i, after);
            return coupon(Op.UPDATE, before, after);
        }
        if (slot < 30) {
            int i = (int) (n % deals.size());
            PromotionalDeal before = deals.get(i);
            // paused and active again in turn: deal_status_changed and performance both ways
            String status = before.status().equals("active") ? "paused" : "active";
            PromotionalDeal after = new PromotionalDeal(before.id(), before.restaurantId(), before.title(),
                    before.description(), before.dealType(), before.discountPercent(), before.discountAmount(),
                    before.startsAt(), before.endsAt(), before.isActive(), status, before.createdAt(), clock);
            deals.set(i, after);
            return deal(Op.UPDATE, before, after);
        }
        long id = nextUsageId++;
        // every tenth redemption uses the limited coupon of its restaurant
        PromotionalCoupon coupon = coupons.get((int) (2 * (id % RESTAURANTS) + (id / RESTAURANTS % 10 == 0 ? 1 : 0)));
        CouponUsage redemption = new CouponUsage(id, coupon.id(), coupon.restaurantId(), id % CUSTOMERS,
                8_000_000_000L + id, DISCOUNT, ORDER_TOTAL, clock);
        recent.addLast(redemption);
        if (recent.size() > 64) {
            recent.pollFirst();
        }
        return usage(Op.CREATE, null, redemption);
    }

    private Change deal(Op op, PromotionalDeal before, PromotionalDeal after) {
        return change(ChangeTopics.PROMOTIONAL_DEALS, new RowId((after != null ? after : before).id()),
                new ChangeEvent<>(op, before, after, source("promotional_deals"), clock.toEpochMilli()));
    }

    private Change coupon(Op op, PromotionalCoupon before, PromotionalCoupon after) {
        return change(ChangeTopics.PROMOTIONAL_COUPONS, new RowId((after != null ? after : before).id()),
                new ChangeEvent<>(op, before, after, source("promotional_coupons"), clock.toEpochMilli()));
    }

    private Change usage(Op op, CouponUsage before, CouponUsage after) {
        return change(ChangeTopics.COUPON_USAGE_LOG, new RowId((after != null ? after : before).id()),
                new ChangeEvent<>(op, before, after, source("coupon_usage_log"), clock.toEpochMilli()));
    }

    private ChangeSource source(String table) {
        return new ChangeSource("3.6.1.Final", "postgresql", "menuca", clock.toEpochMilli(), "false", "menuca",
                "menuca_v3", table, lsn / 8, ++lsn);
    }

    private <R> Change change(Topic<RowId, ChangeEvent<R>> topic, RowId key, ChangeEvent<R> event) {
        ObjectNode envelope = Json.mapper().valueToTree(event);
        // one change per transaction: the last commit before it is the change before it
        ((ObjectNode) envelope.get("source")).put("sequence", "[\"" + (lsn - 1) + "\",\"" + lsn + "\"]");
        envelope.putNull("transaction");
        byte[] value;
        try {
            value = Json.mapper().writeValueAsBytes(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a synthetic change: " + e.getMessage(), e);
        }
        return new Change(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key), value, clock);
    }
}
