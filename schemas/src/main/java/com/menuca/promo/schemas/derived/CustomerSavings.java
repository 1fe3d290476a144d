package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Value of {@code promo.customer-savings} (key {@link CustomerKey}): what one customer has saved
 * with coupons, across restaurants.
 *
 * @param customerId    the customer
 * @param redemptions   coupon usage rows of this customer (deleted rows subtracted)
 * @param totalSaved    sum of their {@code discount_applied}
 * @param totalSpent    sum of their {@code order_total}
 * @param lastRedeemedAt {@code used_at} of the latest redemption seen, null when none
 * @param asOf          when these numbers were computed
 */
public record CustomerSavings(
        @JsonProperty("customer_id") long customerId,
        @JsonProperty("redemptions") long redemptions,
        @JsonProperty("total_saved") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalSaved,
        @JsonProperty("total_spent") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalSpent,
        @JsonProperty("last_redeemed_at") Instant lastRedeemedAt,
        @JsonProperty("as_of") Instant asOf) {

    public CustomerKey key() {
        return new CustomerKey(customerId);
    }
}
