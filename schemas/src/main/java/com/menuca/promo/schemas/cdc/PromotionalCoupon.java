package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A whole {@code menuca_v3.promotional_coupons} row.
 *
 * @param id               primary key
 * @param restaurantId     the restaurant the coupon belongs to
 * @param dealId           the deal it belongs to; null when none
 * @param code             the code customers enter (unique per restaurant)
 * @param discountType     {@code percent} or {@code amount}
 * @param discountValue    percentage or amount off, numeric(10,2)
 * @param usageLimit       total redemptions allowed; null = unlimited
 * @param perCustomerLimit redemptions allowed per customer; null = unlimited
 * @param validFrom        when the coupon becomes valid
 * @param validUntil       when it stops being valid; null = no end
 * @param isActive         whether it can be redeemed
 * @param createdAt        when the row was created
 * @param updatedAt        when the row was last updated
 */
public record PromotionalCoupon(
        @JsonProperty("id") long id,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("deal_id") Long dealId,
        @JsonProperty("code") String code,
        @JsonProperty("discount_type") String discountType,
        @JsonProperty("discount_value") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discountValue,
        @JsonProperty("usage_limit") Integer usageLimit,
        @JsonProperty("per_customer_limit") Integer perCustomerLimit,
        @JsonProperty("valid_from") Instant validFrom,
        @JsonProperty("valid_until") Instant validUntil,
        @JsonProperty("is_active") boolean isActive,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {
}
