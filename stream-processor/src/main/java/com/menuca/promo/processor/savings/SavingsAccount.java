package com.menuca.promo.processor.savings;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.counts.Figures;
import com.menuca.promo.schemas.derived.CustomerSavings;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A customer's running savings.
 *
 * @param redemptions    usage rows
 * @param saved          sum of discount_applied
 * @param spent          sum of order_total
 * @param lastRedeemedAt latest used_at of an added row, null before the first
 */
public record SavingsAccount(
        @JsonProperty("redemptions") long redemptions,
        @JsonProperty("saved") BigDecimal saved,
        @JsonProperty("spent") BigDecimal spent,
        @JsonProperty("last_redeemed_at") Instant lastRedeemedAt) {

    public static final SavingsAccount EMPTY = new SavingsAccount(0, BigDecimal.ZERO, BigDecimal.ZERO, null);

    public SavingsAccount plus(SavingsDelta delta) {
        Instant last = lastRedeemedAt;
        if (delta.redemptions() > 0 && (last == null || delta.usedAt().isAfter(last))) {
            last = delta.usedAt();
        }
        return new SavingsAccount(redemptions + delta.redemptions(), saved.add(delta.saved()), spent.add(delta.spent()),
                last);
    }

    public CustomerSavings published(long customerId, Instant asOf) {
        return new CustomerSavings(customerId, redemptions, Figures.money(saved), Figures.money(spent), lastRedeemedAt,
                asOf);
    }
}
