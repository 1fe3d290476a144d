package com.menuca.promo.processor.savings;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.cdc.UsageRow;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * How one usage change moves a customer's savings (sent from the restaurant step to the customer step).
 *
 * @param customerId  the customer
 * @param redemptions +1 for an added row, -1 for a removed one
 * @param saved       discount_applied, signed
 * @param spent       order_total, signed
 * @param usedAt      the row's used_at
 * @param redemption  the row itself, to add to or take off the customer's latest redemptions (null in
 *                    deltas written before it was added: they move the totals only)
 */
public record SavingsDelta(
        @JsonProperty("customer_id") long customerId,
        @JsonProperty("redemptions") int redemptions,
        @JsonProperty("saved") BigDecimal saved,
        @JsonProperty("spent") BigDecimal spent,
        @JsonProperty("used_at") Instant usedAt,
        @JsonProperty("redemption") Redemption redemption) {

    /**
     * {@code row} added ({@code sign} 1) or removed ({@code sign} -1), with its coupon's code and its
     * deal's id and title (null without a deal).
     */
    public static SavingsDelta of(UsageRow row, int sign, String code, Long dealId, String dealTitle) {
        return new SavingsDelta(row.customerId(), sign, sign < 0 ? row.discountApplied().negate() : row.discountApplied(),
                sign < 0 ? row.orderTotal().negate() : row.orderTotal(), row.usedAt(),
                new Redemption(row.id(), row.customerId(), row.restaurantId(), row.couponId(), dealId, row.orderId(), code,
                        dealTitle, row.discountApplied(), row.orderTotal(), row.usedAt()));
    }
}
