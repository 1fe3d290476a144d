package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code coupon_expiring}: an active coupon's valid_until is within {@code horizon}.
 *
 * @param horizon          the configured warning horizon this event is for (ISO-8601, {@code PT1H})
 * @param horizonSeconds   the same in seconds
 * @param secondsRemaining from {@code occurred_at} to {@code valid_until}
 */
public record CouponExpiring(
        @JsonProperty("code") String code,
        @JsonProperty("valid_until") Instant validUntil,
        @JsonProperty("horizon") @JsonFormat(shape = JsonFormat.Shape.STRING) Duration horizon,
        @JsonProperty("horizon_seconds") long horizonSeconds,
        @JsonProperty("seconds_remaining") long secondsRemaining) implements EventData {
}
