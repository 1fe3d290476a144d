package com.menuca.promo.processor.savings;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * A {@link Redemption} as the savings store keeps it: whole numbers and text in a JSON array. Why: a
 * customer's account is read and written again on every one of their redemptions, with up to
 * {@link SavingsAccount#LATEST} lines. With the lines as objects (decimals and timestamps parsed) a
 * full account cost about 50 µs of CPU per redemption against 3 µs for the totals alone; as numbers
 * and text in arrays about 28 µs (the store's serde, measured on the 2-core machine while loaded).
 * Amounts are kept as the decimal text they came with; {@code used_at} in microseconds since the
 * epoch (PostgreSQL's precision). Converted back only when a statement is served.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"u", "r", "c", "d", "o", "code", "title", "discount", "total", "at"})
record StoredLine(
        @JsonProperty("u") long usageId,
        @JsonProperty("r") long restaurantId,
        @JsonProperty("c") long couponId,
        @JsonProperty("d") Long dealId,
        @JsonProperty("o") long orderId,
        @JsonProperty("code") String code,
        @JsonProperty("title") String dealTitle,
        @JsonProperty("discount") String discountApplied,
        @JsonProperty("total") String orderTotal,
        @JsonProperty("at") long usedAtMicros) {

    /** Latest first: by used_at, then by id. */
    static final Comparator<StoredLine> LATEST_FIRST = Comparator.comparingLong(StoredLine::usedAtMicros)
            .thenComparingLong(StoredLine::usageId).reversed();

    static StoredLine of(Redemption row) {
        return new StoredLine(row.usageId(), row.restaurantId(), row.couponId(), row.dealId(), row.orderId(), row.code(),
                row.dealTitle(), row.discountApplied().toPlainString(), row.orderTotal().toPlainString(),
                epochMicros(row.usedAt()));
    }

    /**
     * Microseconds since the epoch. Not {@code ChronoUnit.MICROS.between}: it counts in nanoseconds
     * first, which overflow a long for dates after 2262 or before 1677 (a usage dated 3025 by a typo
     * would fail the customer's savings on every attempt).
     */
    static long epochMicros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    Redemption redemption(long customerId) {
        return new Redemption(usageId, customerId, restaurantId, couponId, dealId, orderId, code, dealTitle,
                new BigDecimal(discountApplied), new BigDecimal(orderTotal), Instant.EPOCH.plus(usedAtMicros, ChronoUnit.MICROS));
    }
}
