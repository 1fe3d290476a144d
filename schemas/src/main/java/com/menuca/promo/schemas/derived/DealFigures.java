package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One deal's live performance, an element of {@link DealPerformance}. Carries the columns the old
 * {@code get_live_deal_performance} RPC returned ({@code deal_id, title, usage_count, hours_active,
 * redemptions_per_hour}) plus the period breakdown.
 *
 * @param dealId             the deal
 * @param title              its title
 * @param status             its status column
 * @param isActive           its is_active column
 * @param live               switched on, status active or scheduled, and now within [starts_at, ends_at)
 * @param startsAt           starts_at
 * @param endsAt             ends_at, null when open-ended
 * @param usageCount         redemptions ever through coupons of this deal (= redemptions.total)
 * @param hoursActive        whole hours since starts_at (0 before it)
 * @param redemptionsPerHour usage_count / hours_active, 2 decimals; 0 in the first hour
 * @param redemptions        today / last hour / total
 * @param discountGiven      discount applied through this deal's coupons
 * @param revenue            order totals of orders using this deal's coupons
 */
public record DealFigures(
        @JsonProperty("deal_id") long dealId,
        @JsonProperty("title") String title,
        @JsonProperty("status") String status,
        @JsonProperty("is_active") boolean isActive,
        @JsonProperty("live") boolean live,
        @JsonProperty("starts_at") Instant startsAt,
        @JsonProperty("ends_at") Instant endsAt,
        @JsonProperty("usage_count") long usageCount,
        @JsonProperty("hours_active") long hoursActive,
        @JsonProperty("redemptions_per_hour") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal redemptionsPerHour,
        @JsonProperty("redemptions") CountsByPeriod redemptions,
        @JsonProperty("discount_given") AmountsByPeriod discountGiven,
        @JsonProperty("revenue") AmountsByPeriod revenue) {
}
