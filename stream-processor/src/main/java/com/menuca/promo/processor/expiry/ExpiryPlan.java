package com.menuca.promo.processor.expiry;

import com.menuca.promo.processor.cdc.CouponRow;
import com.menuca.promo.processor.cdc.DealRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which timers a deal or coupon has, given its row: a switched-on deal fires at starts_at, at each
 * horizon before ends_at and at ends_at; an active coupon at each horizon before valid_until and at
 * valid_until. Inactive or deleted ones have none.
 */
public final class ExpiryPlan {
    private final List<Duration> horizons;

    /** @param horizons warning horizons, any order */
    public ExpiryPlan(List<Duration> horizons) {
        this.horizons = List.copyOf(horizons);
    }

    public List<Timer> forDeal(DealRow deal) {
        return deal == null || !deal.switchedOn() ? List.of() : everyTimerOf(deal);
    }

    public List<Timer> forCoupon(CouponRow coupon) {
        return coupon == null || !coupon.isActive() ? List.of() : everyTimerOf(coupon);
    }

    /**
     * Ids of the timers the row would have if it were switched on: the fired timers worth
     * remembering. A fired timer whose deadline moved is forgotten, so the new deadline re-arms.
     */
    public Set<String> relevantIds(DealRow deal) {
        return deal == null ? Set.of() : everyTimerOf(deal).stream().map(Timer::id).collect(Collectors.toSet());
    }

    public Set<String> relevantIds(CouponRow coupon) {
        return coupon == null ? Set.of() : everyTimerOf(coupon).stream().map(Timer::id).collect(Collectors.toSet());
    }

    private List<Timer> everyTimerOf(DealRow deal) {
        List<Timer> timers = new ArrayList<>();
        timers.add(new Timer(TimerKind.DEAL_STARTS, deal.restaurantId(), deal.id(), deal.startsAt(), Duration.ZERO));
        if (deal.endsAt() != null) {
            for (Duration horizon : horizons) {
                timers.add(new Timer(TimerKind.DEAL_EXPIRING, deal.restaurantId(), deal.id(), deal.endsAt(), horizon));
            }
            timers.add(new Timer(TimerKind.DEAL_EXPIRED, deal.restaurantId(), deal.id(), deal.endsAt(), Duration.ZERO));
        }
        return timers;
    }

    private List<Timer> everyTimerOf(CouponRow coupon) {
        List<Timer> timers = new ArrayList<>();
        if (coupon.validUntil() != null) {
            for (Duration horizon : horizons) {
                timers.add(new Timer(TimerKind.COUPON_EXPIRING, coupon.restaurantId(), coupon.id(), coupon.validUntil(),
                        horizon));
            }
            timers.add(new Timer(TimerKind.COUPON_EXPIRED, coupon.restaurantId(), coupon.id(), coupon.validUntil(),
                    Duration.ZERO));
        }
        return timers;
    }
}
