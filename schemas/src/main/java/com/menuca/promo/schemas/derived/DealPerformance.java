package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Value of {@code promo.deal-performance} (key {@link RestaurantKey}): a restaurant's live deal
 * performance, the numbers the old {@code get_live_deal_performance} RPC and the dashboard show.
 * Published at most once per second per restaurant, whenever they change, and again as time moves
 * the last-hour and today windows.
 *
 * @param restaurantId  the restaurant
 * @param date          the restaurant's local date that "today" means
 * @param zone          the restaurant's configured time zone
 * @param activeDeals   deals live now
 * @param redemptions   all coupon redemptions at the restaurant, today / last hour / total
 * @param discountGiven discount applied, same periods
 * @param revenue       order totals of orders that used a coupon, same periods
 * @param redemptionsPerMinute redemptions at the restaurant in each of the last 30 minutes, oldest first,
 *                      the current (partial) minute last; minutes without redemptions included as zero
 * @param deals         every live deal, most redeemed first (the old RPC's rows)
 * @param topDeals      the most redeemed deals today (ties by total), live or not
 * @param asOf          when these numbers were computed
 */
public record DealPerformance(
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("date") LocalDate date,
        @JsonProperty("zone") String zone,
        @JsonProperty("active_deals") int activeDeals,
        @JsonProperty("redemptions") CountsByPeriod redemptions,
        @JsonProperty("discount_given") AmountsByPeriod discountGiven,
        @JsonProperty("revenue") AmountsByPeriod revenue,
        @JsonProperty("redemptions_per_minute") List<MinuteCount> redemptionsPerMinute,
        @JsonProperty("deals") List<DealFigures> deals,
        @JsonProperty("top_deals") List<DealFigures> topDeals,
        @JsonProperty("as_of") Instant asOf) {

    public RestaurantKey key() {
        return new RestaurantKey(restaurantId);
    }
}
