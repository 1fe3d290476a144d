package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;

/** A {@code promotional_coupons} row: the columns the derivations use. Null limits mean unlimited. */
public record CouponRow(
        @JsonProperty("id") long id,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("deal_id") Long dealId,
        @JsonProperty("code") String code,
        @JsonProperty("discount_type") String discountType,
        @JsonProperty("discount_value") BigDecimal discountValue,
        @JsonProperty("usage_limit") Integer usageLimit,
        @JsonProperty("per_customer_limit") Integer perCustomerLimit,
        @JsonProperty("valid_from") Instant validFrom,
        @JsonProperty("valid_until") Instant validUntil,
        @JsonProperty("is_active") boolean isActive) implements Row {

    public static CouponRow of(JsonNode row) {
        RowFields f = new RowFields("promotional_coupons", row);
        return new CouponRow(f.requiredLong("id"), f.requiredLong("restaurant_id"), f.optionalLong("deal_id"),
                f.requiredText("code"), f.requiredText("discount_type"), f.requiredDecimal("discount_value", 10, 2),
                f.optionalInt("usage_limit"), f.optionalInt("per_customer_limit"), f.requiredInstant("valid_from"),
                f.optionalInstant("valid_until"), f.requiredBoolean("is_active"));
    }
}
