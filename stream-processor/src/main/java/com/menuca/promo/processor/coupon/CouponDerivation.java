package com.menuca.promo.processor.coupon;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.cdc.CouponRow;
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
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.CouponCreated;
import com.menuca.promo.schemas.derived.data.CouponExpired;
import com.menuca.promo.schemas.derived.data.CouponExpiring;
import com.menuca.promo.schemas.derived.data.CouponLimitReached;
import com.menuca.promo.schemas.derived.data.CustomerCouponLimitReached;
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
    private final Outputs outputs;

    public CouponDerivation(CouponBook coupons, TallyBook tallies, CustomerUsageBook customers, TimerIndex timers,
                            ExpiryPlan plan, UsageDerivation usage, Outputs outputs) {
        this.coupons = coupons;
        this.tallies = tallies;
        this.customers = customers;
        this.timers = timers;
        this.plan = plan;
        this.usage = usage;
        this.outputs = outputs;
    }

    public void apply(CdcChange change) {
        CouponRow before = change.before() == null ? null : CouponRow.of(change.before());
        CouponRow after = change.after() == null ? null : CouponRow.of(change.after());
        CouponRow current = after != null ? after : before;
        StoredCoupon stored = coupons.get(current.restaurantId(), current.id());
        CouponRow previous = stored != null ? stored.row() : before;
        Set<String> fired = stored != null ? stored.fired() : Set.of();
        CountsKey countsKey = new CountsKey(CountsScope.COUPON, current.id());

        if (change.op() == Op.DELETE) {
            timers.rearm(plan.forCoupon(previous), List.of(), fired, Set.of(), change);
            coupons.delete(current.restaurantId(), current.id());
            customers.deleteCoupon(current.id());
            tallies.delete(CountsScope.COUPON, current.id());
            outputs.counts(countsKey, null);
            return;
        }
        Subject subject = Subject.coupon(after.restaurantId(), after.dealId(), after.id());
        if (change.op() == Op.CREATE) {
            outputs.event(DerivedEvents.fromChange(DerivedEventType.COUPON_CREATED, change, subject, created(after)));
        }
        Set<String> nowFired = timers.rearm(plan.forCoupon(previous), plan.forCoupon(after), fired,
                plan.relevantIds(after), change);
        long count = tallies.get(CountsScope.COUPON, after.id()).total().redemptions();
        LimitWatch watch = LimitWatch.check(stored != null && stored.limitReached(), count, after.usageLimit());
        if (watch.crossed() && !change.isSnapshot()) {
            outputs.event(DerivedEvents.fromChange(DerivedEventType.COUPON_LIMIT_REACHED, change, subject,
                    new CouponLimitReached(after.code(), after.usageLimit(), count)));
        }
        coupons.put(new StoredCoupon(after, nowFired, watch.reached()));
        if (previous != null && !Objects.equals(previous.perCustomerLimit(), after.perCustomerLimit())) {
            rewatchCustomers(change, after, subject);
        }
        outputs.counts(countsKey, tallies.counts(countsKey, after.restaurantId(), after.usageLimit(), watch.reached(),
                outputs.now()));
        usage.couponArrived(after.restaurantId(), after.id());
    }

    /** The per-customer limit changed: every customer of the coupon is checked against the new one. */
    private void rewatchCustomers(CdcChange change, CouponRow coupon, Subject subject) {
        for (KeyValue<Long, CustomerUsage> entry : customers.ofCoupon(coupon.id())) {
            CustomerUsage usage = entry.value;
            LimitWatch watch = LimitWatch.check(usage.limitReached(), usage.redemptions(), coupon.perCustomerLimit());
            if (watch.crossed() && !change.isSnapshot()) {
                outputs.event(DerivedEvents.fromChange(DerivedEventType.CUSTOMER_COUPON_LIMIT_REACHED, change,
                        "customer=" + entry.key, subject.withCustomer(entry.key),
                        new CustomerCouponLimitReached(coupon.code(), coupon.perCustomerLimit(), usage.redemptions())));
            }
            customers.put(coupon.id(), entry.key, new CustomerUsage(usage.redemptions(), watch.reached()));
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
        Object data = timer.kind().isWarning()
                ? new CouponExpiring(coupon.code(), coupon.validUntil(), timer.horizon(), timer.horizon().toSeconds(),
                        Duration.between(occurredAt, coupon.validUntil()).toSeconds())
                : new CouponExpired(coupon.code(), coupon.validUntil());
        String id = EventIds.forSchedule(type, timer.entity(), timer.deadline(), timer.horizon());
        outputs.event(DerivedEvents.scheduled(id, type, occurredAt, subject, data, scheduled.scheduledBy()));
    }

    private static CouponCreated created(CouponRow coupon) {
        return new CouponCreated(coupon.code(), coupon.discountType(), coupon.discountValue(), coupon.usageLimit(),
                coupon.perCustomerLimit(), coupon.validFrom(), coupon.validUntil(), coupon.isActive());
    }
}
