package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A whole {@code menuca_v3.promotional_deals} row, as the change topic carries it in {@code before} and
 * {@code after}. Enumerated columns are strings so a value added later does not break a consumer.
 *
 * @param id              primary key
 * @param restaurantId    the restaurant offering the deal
 * @param title           title shown to customers
 * @param description     longer text; null when none
 * @param dealType        {@code percent}, {@code amount}, {@code bogo} or {@code free_delivery}
 * @param discountPercent percentage off, numeric(5,2), for percent deals; else null
 * @param discountAmount  amount off, numeric(10,2), for amount deals; else null
 * @param startsAt        when the deal starts
 * @param endsAt          when it ends; null = open-ended
 * @param isActive        whether the deal is currently offered
 * @param status          {@code draft}, {@code scheduled}, {@code active}, {@code paused}, {@code expired} or {@code cancelled}
 * @param createdAt       when the row was created
 * @param updatedAt       when the row was last updated
 */
public record PromotionalDeal(
        @JsonProperty("id") long id,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("title") String title,
        @JsonProperty("description") String description,
        @JsonProperty("deal_type") String dealType,
        @JsonProperty("discount_percent") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountPercent,
        @JsonProperty("discount_amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountAmount,
        @JsonProperty("starts_at") Instant startsAt,
        @JsonProperty("ends_at") Instant endsAt,
        @JsonProperty("is_active") boolean isActive,
        @JsonProperty("status") String status,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {
}
