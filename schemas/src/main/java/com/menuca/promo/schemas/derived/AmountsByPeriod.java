package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * A money amount over the three periods the dashboards show, as exact decimal strings ({@code "12.50"})
 * like the change topics carry money.
 *
 * @param today    since local midnight in the restaurant's configured time zone
 * @param lastHour in the last 60 minutes (minute granularity)
 * @param total    ever (rows deleted since are subtracted)
 */
public record AmountsByPeriod(
        @JsonProperty("today") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal today,
        @JsonProperty("last_hour") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal lastHour,
        @JsonProperty("total") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total) {

    public static final AmountsByPeriod ZERO = new AmountsByPeriod(BigDecimal.ZERO.setScale(2),
            BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2));
}
