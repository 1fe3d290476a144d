package com.menuca.promo.processor.coupon;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.cdc.CouponRow;
import com.menuca.promo.processor.counts.CountsBoard;
import com.menuca.promo.processor.counts.TallyBook;
import com.menuca.promo.processor.events.DerivedEvents;
import com.menuca.promo.processor.events.DerivedEvents.Subject;
import com.menuca.promo.processor.events.EventIds;
import com.menuca.promo.processor.expiry.ExpiryPlan;
import com.menuca.promo.processor.expiry.ScheduledTimer;
import com.menuca.promo.processor.expiry.Timer;
import com.menuca.promo.processor.expiry.TimerIndex;
import com.menuca.promo.processor.topology.Outputs;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.EventData;
import com.menuca.promo.schemas.derived.data.CouponCreated;
import com.menuca.promo.schemas.derived.data.CouponExpired;
import com.menuca.promo.schemas.derived.data.CouponExpiring;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;

/**
 * Coupon changes and coupon timers into {@code coupon_created}, {@code coupon_expiring},
 * {@code coupon_expired}, and the limit crossings a changed limit causes (a limit lowered to the
 * current count fires; a raised one re-arms). Redemptions waiting for the coupon are derived once it
 * is here.
 */
public final class CouponDerivation {
    private final CouponBook coupons;
    private final TallyBook tallies;
    private final CustomerUsageBook customers;
    private final TimerIndex timers;
    private final ExpiryPlan plan;
    private final UsageDerivation usage;
    private final CountsBoard counts;
    private final Outputs outputs;

    public CouponDerivation(CouponBook coupons, TallyBook tallies, CustomerUsageBook customers, TimerIndex timers,
                            ExpiryPlan plan, UsageDerivation usage, CountsBoard counts, Outputs outputs) {
        this.coupons = coupons;
        this.tallies = tallies;
        this.customers = customers;
        this.timers = timers;
        this.plan = plan;
        this.usage = usage;
        this.counts = counts;
        this.outputs = outputs;
    }

    public void apply(CdcChange change) {
        CouponRow before = change.before(CouponRow.class);
        CouponRow after = change.after(CouponRow.class);
        CouponRow current = after != null ? after : before;
        StoredCoupon stored = coupons.get(current.restaurantId(), current.id());
        CouponRow previous = stored != null ? stored.row() : before;
        Set<String> fired = stored != null ? stored.fired() : Set.of();

        if (change.op() == Op.DELETE) {
            timers.rearm(plan.forCoupon(previous), List.of(), fired, Set.of(), change);
            coupons.delete(current.restaurantId(), current.id());
            customers.deleteCoupon(current.id());
            tallies.delete(CountsScope.COUPON, current.id());
            counts.deleted(CountsScope.COUPON, current.id());
            return;
        }
        Subject subject = Subject.coupon(after.restaurantId(), after.dealId(), after.id());
        if (change.op() == Op.CREATE) {
            outputs.event(DerivedEvents.fromChange(DerivedEventType.COUPON_CREATED, change, subject, created(after)));
        }
        Set<String> nowFired = timers.rearm(plan.forCoupon(previous), plan.forCoupon(after), fired,
                plan.relevantIds(after), change);
        long count = tallies.get(CountsScope.COUPON, after.id()).total().redemptions();
        LimitWatch previousWatch = stored != null ? stored.limit() : LimitWatch.ARMED;
        LimitWatch watch = previousWatch.observe(count, after.usageLimit());
        if (watch.crossedSince(previousWatch) && !change.isSnapshot()) {
            outputs.event(CouponLimits.reached(change, after, count, watch));
        }
        coupons.put(new StoredCoupon(after, nowFired, watch));
        if (previous != null && !Objects.equals(previous.perCustomerLimit(), after.perCustomerLimit())) {
            rewatchCustomers(change, after);
        }
        counts.touch(CountsScope.COUPON, after.id(), after.restaurantId());
        usage.couponArrived(after.restaurantId(), after.id());
    }

    /** The per-customer limit changed: every customer of the coupon is checked against the new one. */
    private void rewatchCustomers(CdcChange change, CouponRow coupon) {
        for (KeyValue<Long, CustomerUsage> entry : customers.ofCoupon(coupon.id())) {
            CustomerUsage usage = entry.value;
            LimitWatch watch = usage.limit().observe(usage.redemptions(), coupon.perCustomerLimit());
            if (watch.crossedSince(usage.limit()) && !change.isSnapshot()) {
                outputs.event(CouponLimits.customerReached(change, coupon, entry.key, usage.redemptions(), watch));
            }
            customers.put(coupon.id(), entry.key, new CustomerUsage(usage.redemptions(), watch));
        }
    }

    /** A coupon timer fired; see {@code DealDerivation#onTimer}. */
    public void onTimer(ScheduledTimer scheduled, boolean announce) {
        Timer timer = scheduled.timer();
        StoredCoupon stored = coupons.get(timer.restaurantId(), timer.entityId());
        if (stored == null || !plan.forCoupon(stored.row()).contains(timer)) {
            return;
        }
        Set<String> fired = new HashSet<>(stored.fired());
        fired.add(timer.id());
        coupons.put(stored.withFired(fired));
        if (!announce) {
            return;
        }
        CouponRow coupon = stored.row();
        Instant occurredAt = scheduled.occurredAt();
        Subject subject = Subject.coupon(coupon.restaurantId(), coupon.dealId(), coupon.id());
        DerivedEventType type = timer.kind().isWarning() ? DerivedEventType.COUPON_EXPIRING : DerivedEventType.COUPON_EXPIRED;
        EventData data = timer.kind().isWarning()
                ? new CouponExpiring(coupon.code(), coupon.validUntil(), timer.horizon(), timer.horizon().toSeconds(),
                        Duration.between(occurredAt, coupon.validUntil()).toSeconds())
                : new CouponExpired(coupon.code(), coupon.validUntil());
        String id = EventIds.forSchedule(type, timer.entity(), timer.deadline(), timer.horizon());
        outputs.event(DerivedEvents.scheduled(id, type, occurredAt, subject, data, scheduled.scheduledBy()));
        // The customers who use the coupon are told too, each in an event of their own (customer_id set),
        // unless they have used up their own allowance.
        for (KeyValue<Long, CustomerUsage> usage : customers.ofCoupon(coupon.id())) {
            if (coupon.perCustomerLimit() != null && usage.value.redemptions() >= coupon.perCustomerLimit()) {
                continue;
            }
            String customerEventId = EventIds.forSchedule(type, timer.entity() + "/customer/" + usage.key,
                    timer.deadline(), timer.horizon());
            outputs.event(DerivedEvents.scheduled(customerEventId, type, occurredAt, subject.withCustomer(usage.key),
                    data, scheduled.scheduledBy()));
        }
    }

    private static CouponCreated created(CouponRow coupon) {
        return new CouponCreated(coupon.code(), coupon.discountType(), coupon.discountValue(), coupon.usageLimit(),
                coupon.perCustomerLimit(), coupon.validFrom(), coupon.validUntil(), coupon.isActive());
    }
}
