package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Value of {@code promo.redemption-counts} (key {@link CountsKey}): the redemptions of one coupon,
 * deal or restaurant, self-contained so the latest value alone answers "how many so far".
 *
 * @param scope         coupon, deal or restaurant
 * @param id            the coupon's, deal's or restaurant's id
 * @param restaurantId  the restaurant
 * @param redemptions   usage rows today / in the last hour / ever
 * @param discountGiven sum of {@code discount_applied} of those rows
 * @param revenue       sum of {@code order_total} of those rows
 * @param date          the restaurant's local date that "today" means
 * @param zone          the restaurant's configured time zone
 * @param usageLimit    the coupon's {@code usage_limit} (coupon scope; null when unlimited or another scope)
 * @param limitReached  whether the coupon's redemptions are at or past its limit (coupon scope, else null)
 * @param asOf          when these numbers were computed (the last-hour window ends here)
 */
public record RedemptionCounts(
        @JsonProperty("scope") CountsScope scope,
        @JsonProperty("id") long id,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("redemptions") CountsByPeriod redemptions,
        @JsonProperty("discount_given") AmountsByPeriod discountGiven,
        @JsonProperty("revenue") AmountsByPeriod revenue,
        @JsonProperty("date") LocalDate date,
        @JsonProperty("zone") String zone,
        @JsonProperty("usage_limit") Integer usageLimit,
        @JsonProperty("limit_reached") Boolean limitReached,
        @JsonProperty("as_of") Instant asOf) {

    public CountsKey key() {
        return new CountsKey(scope, id);
    }
}
