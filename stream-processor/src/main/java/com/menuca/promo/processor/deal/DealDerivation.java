package com.menuca.promo.processor.deal;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.cdc.DealRow;
import com.menuca.promo.processor.counts.CountsBoard;
import com.menuca.promo.processor.counts.TallyBook;
import com.menuca.promo.processor.events.DerivedEvents;
import com.menuca.promo.processor.events.DerivedEvents.Subject;
import com.menuca.promo.processor.events.EventIds;
import com.menuca.promo.processor.expiry.ExpiryPlan;
import com.menuca.promo.processor.expiry.ScheduledTimer;
import com.menuca.promo.processor.expiry.Timer;
import com.menuca.promo.processor.expiry.TimerIndex;
import com.menuca.promo.processor.performance.PerformanceBoard;
import com.menuca.promo.processor.topology.Outputs;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.EventData;
import com.menuca.promo.schemas.derived.data.DealExpired;
import com.menuca.promo.schemas.derived.data.DealExpiring;
import com.menuca.promo.schemas.derived.data.DealPublished;
import com.menuca.promo.schemas.derived.data.DealState;
import com.menuca.promo.schemas.derived.data.DealStatusChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Deal changes and deal timers into {@code deal_published}, {@code deal_status_changed},
 * {@code deal_expiring} and {@code deal_expired}.
 *
 * <p>A deal is live while switched on ({@code is_active}, status active or scheduled) and now is
 * within [starts_at, ends_at). A change announces what it did at its commit time: made the deal live
 * (published) or changed its status columns; a start in the future is announced by its timer.
 * Snapshot reads update state and timers without announcing anything.
 */
public final class DealDerivation {
    /** Pending redemptions that waited for a deal. */
    public interface DealArrivals {
        void dealArrived(long restaurantId, long dealId);
    }

    private final DealBook deals;
    private final TallyBook tallies;
    private final TimerIndex timers;
    private final ExpiryPlan plan;
    private final PerformanceBoard performance;
    private final DealArrivals arrivals;
    private final CountsBoard counts;
    private final Outputs outputs;

    public DealDerivation(DealBook deals, TallyBook tallies, TimerIndex timers, ExpiryPlan plan,
                          PerformanceBoard performance, DealArrivals arrivals, CountsBoard counts, Outputs outputs) {
        this.deals = deals;
        this.tallies = tallies;
        this.timers = timers;
        this.plan = plan;
        this.performance = performance;
        this.arrivals = arrivals;
        this.counts = counts;
        this.outputs = outputs;
    }

    public void apply(CdcChange change) {
        DealRow before = change.before(DealRow.class);
        DealRow after = change.after(DealRow.class);
        DealRow current = after != null ? after : before;
        StoredDeal stored = deals.get(current.restaurantId(), current.id());
        DealRow previous = stored != null ? stored.row() : before;
        Set<String> fired = stored != null ? stored.fired() : Set.of();

        if (change.op() == Op.DELETE) {
            timers.rearm(plan.forDeal(previous), List.of(), fired, Set.of(), change);
            deals.delete(current.restaurantId(), current.id());
            tallies.delete(CountsScope.DEAL, current.id());
            counts.deleted(CountsScope.DEAL, current.id());
            performance.touch(current.restaurantId());
            return;
        }
        if (!change.isSnapshot()) {
            announce(change, before, after);
        }
        Set<String> nowFired = timers.rearm(plan.forDeal(previous), plan.forDeal(after), fired, plan.relevantIds(after),
                change);
        deals.put(new StoredDeal(after, nowFired));
        performance.touch(after.restaurantId());
        arrivals.dealArrived(after.restaurantId(), after.id());
    }

    private void announce(CdcChange change, DealRow before, DealRow after) {
        Instant at = change.committedAt();
        Subject subject = Subject.deal(after.restaurantId(), after.id());
        boolean wasLive = before != null && before.liveAt(at);
        if (!wasLive && after.liveAt(at)) {
            outputs.event(DerivedEvents.fromChange(DerivedEventType.DEAL_PUBLISHED, change, subject,
                    published(after, change.op() == Op.CREATE ? "inserted" : "activated")));
        }
        if (before != null && (!before.status().equals(after.status()) || before.isActive() != after.isActive())) {
            String action = before.isActive() == after.isActive() ? "status_changed"
                    : after.isActive() ? "activated" : "deactivated";
            outputs.event(DerivedEvents.fromChange(DerivedEventType.DEAL_STATUS_CHANGED, change, subject,
                    new DealStatusChanged(after.title(), new DealState(before.status(), before.isActive()),
                            new DealState(after.status(), after.isActive()), action)));
        }
    }

    /**
     * A deal timer fired: remembered as fired; announced when {@code announce} and the deal still
     * matches it (a timer of an older plan is ignored).
     */
    public void onTimer(ScheduledTimer scheduled, boolean announce, Instant now) {
        Timer timer = scheduled.timer();
        StoredDeal state = deals.get(timer.restaurantId(), timer.entityId());
        if (state == null || !plan.forDeal(state.row()).contains(timer)) {
            return;
        }
        Set<String> fired = new HashSet<>(state.fired());
        fired.add(timer.id());
        deals.put(new StoredDeal(state.row(), fired));
        if (!announce) {
            return;
        }
        DealRow deal = state.row();
        Subject subject = Subject.deal(deal.restaurantId(), deal.id());
        Instant occurredAt = scheduled.occurredAt();
        switch (timer.kind()) {
            case DEAL_STARTS -> {
                if (deal.liveAt(now)) {
                    emit(DerivedEventType.DEAL_PUBLISHED, timer, occurredAt, subject, published(deal, "started"), scheduled);
                }
            }
            case DEAL_EXPIRING -> emit(DerivedEventType.DEAL_EXPIRING, timer, occurredAt, subject,
                    new DealExpiring(deal.title(), deal.endsAt(), timer.horizon(), timer.horizon().toSeconds(),
                            Duration.between(occurredAt, deal.endsAt()).toSeconds()), scheduled);
            case DEAL_EXPIRED -> emit(DerivedEventType.DEAL_EXPIRED, timer, occurredAt, subject,
                    new DealExpired(deal.title(), deal.endsAt()), scheduled);
            default -> throw new IllegalStateException("not a deal timer: " + timer.kind());
        }
        performance.touch(deal.restaurantId());
    }

    private void emit(DerivedEventType type, Timer timer, Instant occurredAt, Subject subject, EventData data,
                      ScheduledTimer scheduled) {
        String id = EventIds.forSchedule(type, timer.entity(), timer.deadline(), timer.horizon());
        outputs.event(DerivedEvents.scheduled(id, type, occurredAt, subject, data, scheduled.scheduledBy()));
    }

    private static DealPublished published(DealRow deal, String trigger) {
        return new DealPublished(deal.title(), deal.description(), deal.dealType(), deal.discountPercent(),
                deal.discountAmount(), deal.startsAt(), deal.endsAt(), deal.status(), Objects.requireNonNull(trigger));
    }
}
