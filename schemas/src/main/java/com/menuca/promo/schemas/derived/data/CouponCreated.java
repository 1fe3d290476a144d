package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/** {@code coupon_created}: a coupon was inserted. Null limits mean unlimited. */
public record CouponCreated(
        @JsonProperty("code") String code,
        @JsonProperty("discount_type") String discountType,
        @JsonProperty("discount_value") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountValue,
        @JsonProperty("usage_limit") Integer usageLimit,
        @JsonProperty("per_customer_limit") Integer perCustomerLimit,
        @JsonProperty("valid_from") Instant validFrom,
        @JsonProperty("valid_until") Instant validUntil,
        @JsonProperty("is_active") boolean isActive) implements EventData {
}
