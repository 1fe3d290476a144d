package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A number over the three periods the dashboards show.
 *
 * @param today    since local midnight in the restaurant's configured time zone
 * @param lastHour in the last 60 minutes (minute granularity)
 * @param total    ever (rows deleted since are subtracted)
 */
public record CountsByPeriod(
        @JsonProperty("today") long today,
        @JsonProperty("last_hour") long lastHour,
        @JsonProperty("total") long total) {

    public static final CountsByPeriod ZERO = new CountsByPeriod(0, 0, 0);
}
