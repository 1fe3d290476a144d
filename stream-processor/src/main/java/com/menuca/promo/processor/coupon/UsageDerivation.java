package com.menuca.promo.processor.coupon;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.cdc.UsageRow;
import com.menuca.promo.processor.counts.CountsBoard;
import com.menuca.promo.processor.counts.TallyBook;
import com.menuca.promo.processor.deadletter.DeadLetters;
import com.menuca.promo.processor.deal.DealBook;
import com.menuca.promo.processor.deal.DealDerivation;
import com.menuca.promo.processor.deal.StoredDeal;
import com.menuca.promo.processor.events.DerivedEvents;
import com.menuca.promo.processor.events.DerivedEvents.Subject;
import com.menuca.promo.processor.performance.PerformanceBoard;
import com.menuca.promo.processor.savings.SavingsDelta;
import com.menuca.promo.processor.topology.DerivationMetrics;
import com.menuca.promo.processor.topology.Outputs;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.CouponRedeemed;
import com.menuca.promo.common.config.ValueParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Usage rows into redemption counts, {@code coupon_redeemed}, {@code coupon_limit_reached},
 * {@code customer_coupon_limit_reached} and customer savings.
 *
 * <p>An insert adds its row, a delete takes its old row out, an update does both (a refund or a
 * correction moves every number it touched). A usage row needs its coupon (for the code, the deal
 * and the limits) and, when the coupon names one, the deal (for the title and the deal's counts).
 * When either has not arrived yet the change waits, and every later change of that coupon waits
 * behind it so order is kept; it is derived as soon as the reference arrives, or goes to the
 * dead-letter topic after the configured wait.
 */
public final class UsageDerivation implements DealDerivation.DealArrivals {
    private static final Logger LOGGER = LoggerFactory.getLogger(UsageDerivation.class);

    private final CouponBook coupons;
    private final DealBook deals;
    private final TallyBook tallies;
    private final CustomerUsageBook customers;
    private final PendingUsages pending;
    private final PerformanceBoard performance;
    private final CountsBoard counts;
    private final Outputs outputs;
    private final DerivationMetrics metrics;
    private final Duration wait;

    public UsageDerivation(CouponBook coupons, DealBook deals, TallyBook tallies, CustomerUsageBook customers,
                           PendingUsages pending, PerformanceBoard performance, CountsBoard counts, Outputs outputs,
                           DerivationMetrics metrics, Duration wait) {
        this.coupons = coupons;
        this.deals = deals;
        this.tallies = tallies;
        this.customers = customers;
        this.pending = pending;
        this.performance = performance;
        this.counts = counts;
        this.outputs = outputs;
        this.metrics = metrics;
        this.wait = wait;
    }

    /** A usage change in arrival order ({@code sequence} increases within the task). */
    public void apply(CdcChange change, long sequence) {
        attempt(new PendingUsage(change, sequence, outputs.now().toEpochMilli(), null));
    }

    private void attempt(PendingUsage usage) {
        CdcChange change = usage.change();
        UsageRow before = change.before(UsageRow.class);
        UsageRow after = change.after(UsageRow.class);
        for (UsageRow row : rowsOf(before, after)) {
            if (pending.isWaiting(row.restaurantId(), row.couponId())) {
                park(row, usage, "coupon " + row.couponId() + " (earlier changes of it are waiting)");
                return;
            }
            String missing = missingReference(row);
            if (missing != null) {
                park(row, usage, missing);
                return;
            }
        }
        derive(change, before, after);
    }

    private void park(UsageRow row, PendingUsage usage, String waitingFor) {
        LOGGER.debug("Usage row {} waits for {}", row.id(), waitingFor);
        pending.park(row.restaurantId(), row.couponId(),
                new PendingUsage(usage.change(), usage.sequence(), usage.parkedAtMs(), waitingFor));
    }

    private String missingReference(UsageRow row) {
        StoredCoupon coupon = coupons.get(row.restaurantId(), row.couponId());
        if (coupon == null) {
            return "coupon " + row.couponId() + " of restaurant " + row.restaurantId();
        }
        Long dealId = coupon.row().dealId();
        if (dealId != null && deals.get(row.restaurantId(), dealId) == null) {
            return "deal " + dealId + " of coupon " + row.couponId();
        }
        return null;
    }

    private void derive(CdcChange change, UsageRow before, UsageRow after) {
        Instant now = outputs.now();
        Set<Long> touchedCoupons = new LinkedHashSet<>();
        Set<Long> touchedDeals = new LinkedHashSet<>();
        // each customer's usage of each coupon as the change leaves it: written once, with its limit watch
        Map<List<Long>, CustomerUsage> touchedCustomers = new LinkedHashMap<>();
        long restaurantId = (after != null ? after : before).restaurantId();
        if (before != null) {
            add(before, -1, now, touchedCoupons, touchedDeals, touchedCustomers);
        }
        if (after != null) {
            add(after, 1, now, touchedCoupons, touchedDeals, touchedCustomers);
        }
        if (change.op() == Op.CREATE) {
            announceRedemption(change, after);
        }
        for (long couponId : touchedCoupons) {
            watchCouponLimit(change, restaurantId, couponId);
            counts.touch(CountsScope.COUPON, couponId, restaurantId);
        }
        touchedCustomers.forEach((couponAndCustomer, usage) ->
                watchCustomerLimit(change, restaurantId, couponAndCustomer.get(0), couponAndCustomer.get(1), usage));
        for (long dealId : touchedDeals) {
            counts.touch(CountsScope.DEAL, dealId, restaurantId);
        }
        counts.touch(CountsScope.RESTAURANT, restaurantId, restaurantId);
    }

    private void add(UsageRow row, int sign, Instant now, Set<Long> touchedCoupons, Set<Long> touchedDeals,
                     Map<List<Long>, CustomerUsage> touchedCustomers) {
        StoredCoupon coupon = coupons.get(row.restaurantId(), row.couponId());
        tallies.apply(CountsScope.COUPON, row.couponId(), row, sign, now);
        tallies.apply(CountsScope.RESTAURANT, row.restaurantId(), row, sign, now);
        Long dealId = coupon.row().dealId();
        if (dealId != null) {
            tallies.apply(CountsScope.DEAL, dealId, row, sign, now);
            touchedDeals.add(dealId);
        }
        List<Long> couponAndCustomer = List.of(row.couponId(), row.customerId());
        CustomerUsage usage = touchedCustomers.computeIfAbsent(couponAndCustomer,
                key -> customers.get(row.couponId(), row.customerId()));
        touchedCustomers.put(couponAndCustomer, new CustomerUsage(usage.redemptions() + sign, usage.limit()));
        touchedCoupons.add(row.couponId());
        StoredDeal deal = dealId == null ? null : deals.get(row.restaurantId(), dealId);
        outputs.savings(SavingsDelta.of(row, sign, coupon.row().code(), dealId, deal == null ? null : deal.row().title()));
        performance.redeemed(row.restaurantId(), row.usedAt());
    }

    private void announceRedemption(CdcChange change, UsageRow row) {
        StoredCoupon coupon = coupons.get(row.restaurantId(), row.couponId());
        Long dealId = coupon.row().dealId();
        StoredDeal deal = dealId == null ? null : deals.get(row.restaurantId(), dealId);
        outputs.event(DerivedEvents.fromChange(DerivedEventType.COUPON_REDEEMED, change,
                Subject.coupon(row.restaurantId(), dealId, row.couponId()).withCustomer(row.customerId()),
                new CouponRedeemed(row.id(), row.orderId(), coupon.row().code(), deal == null ? null : deal.row().title(),
                        row.discountApplied(), row.orderTotal(), row.usedAt(), coupon.row().usageLimit())));
    }

    private void watchCouponLimit(CdcChange change, long restaurantId, long couponId) {
        StoredCoupon coupon = coupons.get(restaurantId, couponId);
        long count = tallies.get(CountsScope.COUPON, couponId).total().redemptions();
        LimitWatch watch = coupon.limit().observe(count, coupon.row().usageLimit());
        if (watch.crossedSince(coupon.limit()) && !change.isSnapshot()) {
            outputs.event(CouponLimits.reached(change, coupon.row(), count, watch));
        }
        if (!watch.equals(coupon.limit())) {
            coupons.put(coupon.withLimit(watch));
        }
    }

    /** Stores the customer's {@code usage} of the coupon with its limit watch moved to it. */
    private void watchCustomerLimit(CdcChange change, long restaurantId, long couponId, long customerId,
                                    CustomerUsage usage) {
        StoredCoupon coupon = coupons.get(restaurantId, couponId);
        LimitWatch watch = usage.limit().observe(usage.redemptions(), coupon.row().perCustomerLimit());
        if (watch.crossedSince(usage.limit()) && !change.isSnapshot()) {
            outputs.event(CouponLimits.customerReached(change, coupon.row(), customerId, usage.redemptions(), watch));
        }
        customers.put(couponId, customerId, new CustomerUsage(usage.redemptions(), watch));
    }

    /** A coupon arrived or changed: derive the usage changes that waited for it. */
    public void couponArrived(long restaurantId, long couponId) {
        if (pending.isWaiting(restaurantId, couponId)) {
            pending.release(restaurantId, couponId).forEach(this::attempt);
        }
    }

    /**
     * A deal arrived or changed: derive the usage changes of its coupons that waited. Only the coupons
     * with waiting changes are looked at (a handful at most), not every coupon of the restaurant, which
     * a restaurant accumulates without end.
     */
    @Override
    public void dealArrived(long restaurantId, long dealId) {
        for (long couponId : pending.waitingCoupons(restaurantId)) {
            StoredCoupon coupon = coupons.get(restaurantId, couponId);
            if (coupon != null && coupon.row().dealId() != null && coupon.row().dealId() == dealId) {
                couponArrived(restaurantId, couponId);
            }
        }
    }

    /** Gives up on usage changes that waited longer than the configured wait: dead letters. */
    public void expireWaiting(Instant now) {
        for (PendingUsages.Waiting waiting : pending.expire(now, wait)) {
            String missing = waiting.usages().get(0).waitingFor();
            for (PendingUsage usage : waiting.usages()) {
                String detail = "waited " + ValueParser.DURATION.format(wait) + " for " + missing
                        + ", which never arrived (a usage row's coupon must exist in the same restaurant)"
                        + (usage == waiting.usages().get(0) ? "" : "; queued behind an earlier change of that coupon");
                LOGGER.warn("Dead letter {}: {}", usage.change().walPosition(), detail);
                metrics.deadLetter(DeadLetters.MISSING_REFERENCE);
                outputs.deadLetter(DeadLetters.failed(DeadLetters.MISSING_REFERENCE, detail, usage.change(), now));
            }
        }
    }

    private static List<UsageRow> rowsOf(UsageRow before, UsageRow after) {
        List<UsageRow> rows = new ArrayList<>(2);
        if (before != null) {
            rows.add(before);
        }
        if (after != null && (before == null || after.couponId() != before.couponId())) {
            rows.add(after);
        }
        return rows;
    }
}
