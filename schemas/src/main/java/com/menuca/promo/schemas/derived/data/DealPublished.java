package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code deal_published}: the deal is live now.
 *
 * @param trigger {@code inserted} (inserted live), {@code activated} (an update made it live) or
 *                {@code started} (its {@code starts_at} arrived)
 */
public record DealPublished(
        @JsonProperty("title") String title,
        @JsonProperty("description") String description,
        @JsonProperty("deal_type") String dealType,
        @JsonProperty("discount_percent") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountPercent,
        @JsonProperty("discount_amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountAmount,
        @JsonProperty("starts_at") Instant startsAt,
        @JsonProperty("ends_at") Instant endsAt,
        @JsonProperty("status") String status,
        @JsonProperty("trigger") String trigger) implements EventData {
}
