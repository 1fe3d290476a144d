package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * How many redemptions fell in one minute.
 *
 * @param minute      the minute's start, UTC
 * @param redemptions coupon redemptions whose {@code used_at} is in that minute
 */
public record MinuteCount(
        @JsonProperty("minute") Instant minute,
        @JsonProperty("redemptions") long redemptions) {
}
