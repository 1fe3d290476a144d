package com.menuca.promo.processor.performance;

import com.menuca.promo.processor.cdc.DealRow;
import com.menuca.promo.processor.counts.Figures;
import com.menuca.promo.processor.counts.Tally;
import com.menuca.promo.processor.counts.TallyBook;
import com.menuca.promo.processor.deal.DealBook;
import com.menuca.promo.processor.deal.StoredDeal;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.DealFigures;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DealRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;

/** Computes a restaurant's {@link DealPerformance} from its deals and tallies, as of a moment. */
public final class PerformanceCalculator {
    private static final Comparator<DealFigures> MOST_REDEEMED = Comparator
            .comparingLong(DealFigures::usageCount).reversed().thenComparingLong(DealFigures::dealId);
    private static final Comparator<DealFigures> MOST_REDEEMED_TODAY = Comparator
            .comparingLong((DealFigures d) -> d.redemptions().today()).reversed()
            .thenComparing(MOST_REDEEMED);

    private final DealBook deals;
    private final TallyBook tallies;
    private final int topDeals;

    /** Minutes of the per-minute series the dashboard graphs. */
    static final int MINUTES_GRAPHED = 30;

    public PerformanceCalculator(DealBook deals, TallyBook tallies, int topDeals) {
        this.deals = deals;
        this.tallies = tallies;
        this.topDeals = topDeals;
    }

    public DealPerformance compute(long restaurantId, Instant now) {
        ZoneId zone = tallies.zones().zoneOf(restaurantId);
        List<DealFigures> figures = deals.ofRestaurant(restaurantId).stream()
                .map(state -> figuresOf(state, zone, now)).toList();
        List<DealFigures> live = figures.stream().filter(DealFigures::live).sorted(MOST_REDEEMED).toList();
        List<DealFigures> top = figures.stream().filter(d -> d.usageCount() > 0).sorted(MOST_REDEEMED_TODAY)
                .limit(topDeals).toList();
        Tally tally = tallies.get(CountsScope.RESTAURANT, restaurantId);
        Figures restaurant = tally.figures(zone, now);
        return new DealPerformance(restaurantId, restaurant.date(), zone.getId(), live.size(), restaurant.redemptions(),
                restaurant.discount(), restaurant.revenue(), tally.perMinute(now, MINUTES_GRAPHED), live, top, now);
    }

    private DealFigures figuresOf(StoredDeal state, ZoneId zone, Instant now) {
        DealRow deal = state.row();
        Figures f = tallies.get(CountsScope.DEAL, deal.id()).figures(zone, now);
        long hoursActive = DealRate.hoursActive(deal.startsAt(), now);
        long usage = f.redemptions().total();
        BigDecimal perHour = DealRate.redemptionsPerHour(usage, hoursActive);
        return new DealFigures(deal.id(), deal.title(), deal.status(), deal.isActive(), deal.liveAt(now),
                deal.startsAt(), deal.endsAt(), usage, hoursActive, perHour, f.redemptions(), f.discount(), f.revenue());
    }
}
