package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/** A {@code promotional_deals} row: the columns the derivations use. */
public record DealRow(
        @JsonProperty("id") long id,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("title") String title,
        @JsonProperty("description") String description,
        @JsonProperty("deal_type") String dealType,
        @JsonProperty("discount_percent") BigDecimal discountPercent,
        @JsonProperty("discount_amount") BigDecimal discountAmount,
        @JsonProperty("starts_at") Instant startsAt,
        @JsonProperty("ends_at") Instant endsAt,
        @JsonProperty("is_active") boolean isActive,
        @JsonProperty("status") String status) implements Row {

    /** Statuses in which a switched-on deal runs (between starts_at and ends_at). */
    private static final Set<String> RUNNING_STATUSES = Set.of("active", "scheduled");

    public static DealRow of(JsonNode row) {
        RowFields f = new RowFields("promotional_deals", row);
        return new DealRow(f.requiredLong("id"), f.requiredLong("restaurant_id"), f.requiredText("title"),
                f.optionalText("description"), f.requiredText("deal_type"), f.optionalDecimal("discount_percent", 5, 2),
                f.optionalDecimal("discount_amount", 10, 2), f.requiredInstant("starts_at"), f.optionalInstant("ends_at"),
                f.requiredBoolean("is_active"), f.requiredText("status"));
    }

    /** Switched on and in a running status: it is live whenever now is within [starts_at, ends_at). */
    public boolean switchedOn() {
        return isActive && RUNNING_STATUSES.contains(status);
    }

    /** Live at {@code at}: switched on, started, not ended. */
    public boolean liveAt(Instant at) {
        return switchedOn() && !startsAt.isAfter(at) && (endsAt == null || at.isBefore(endsAt));
    }
}
