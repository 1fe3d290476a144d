package com.menuca.promo.processor.counts;

import com.menuca.promo.schemas.derived.AmountsByPeriod;
import com.menuca.promo.schemas.derived.CountsByPeriod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * A tally read at one moment: redemptions, discount and revenue today, in the last hour and ever.
 *
 * @param date the local date "today" means
 */
public record Figures(CountsByPeriod redemptions, AmountsByPeriod discount, AmountsByPeriod revenue, LocalDate date) {

    static Figures of(Bucket today, Bucket lastHour, Bucket total, LocalDate date) {
        return new Figures(new CountsByPeriod(today.redemptions(), lastHour.redemptions(), total.redemptions()),
                new AmountsByPeriod(money(today.discount()), money(lastHour.discount()), money(total.discount())),
                new AmountsByPeriod(money(today.revenue()), money(lastHour.revenue()), money(total.revenue())),
                date);
    }

    /** Money as the database keeps it: two decimals. */
    public static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
