package com.menuca.promo.processor.counts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.menuca.promo.processor.cdc.UsageRow;
import java.math.BigDecimal;

/**
 * Redemptions, discount and revenue of some usage rows.
 *
 * @param redemptions number of rows
 * @param discount    sum of discount_applied
 * @param revenue     sum of order_total
 */
public record Bucket(
        @JsonProperty("n") long redemptions,
        @JsonProperty("d") BigDecimal discount,
        @JsonProperty("r") BigDecimal revenue) {

    public static final Bucket EMPTY = new Bucket(0, BigDecimal.ZERO, BigDecimal.ZERO);

    /** This bucket with {@code row} added ({@code sign} 1) or taken out ({@code sign} -1). */
    public Bucket plus(UsageRow row, int sign) {
        return new Bucket(redemptions + sign, discount.add(signed(row.discountApplied(), sign)),
                revenue.add(signed(row.orderTotal(), sign)));
    }

    public Bucket plus(Bucket other) {
        return new Bucket(redemptions + other.redemptions, discount.add(other.discount), revenue.add(other.revenue));
    }

    @JsonIgnore
    public boolean isEmpty() {
        return redemptions == 0 && discount.signum() == 0 && revenue.signum() == 0;
    }

    private static BigDecimal signed(BigDecimal amount, int sign) {
        return sign < 0 ? amount.negate() : amount;
    }
}
