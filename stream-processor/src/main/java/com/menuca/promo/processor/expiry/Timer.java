package com.menuca.promo.processor.expiry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * One scheduled moment: {@code horizon} before {@code deadline} of a deal or coupon.
 *
 * @param kind         what it announces
 * @param restaurantId the restaurant of the entity
 * @param entityId     the deal or coupon id
 * @param deadline     starts_at, ends_at or valid_until
 * @param horizon      how long before the deadline it fires (zero: at the deadline)
 */
public record Timer(
        @JsonProperty("kind") TimerKind kind,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("entity_id") long entityId,
        @JsonProperty("deadline") Instant deadline,
        @JsonProperty("horizon") Duration horizon) {

    @JsonIgnore
    public Instant fireAt() {
        return deadline.minus(horizon);
    }

    /** {@code deal/83}: the entity, for event ids and grouping. */
    @JsonIgnore
    public String entity() {
        return kind.entityType() + "/" + entityId;
    }

    /** Identifies the timer within its entity; what the entity remembers once it has fired. */
    @JsonIgnore
    public String id() {
        return kind + "|" + deadline + "|" + horizon;
    }

    /** Index key: firing time first (fixed width, so text order is time order), then what makes it unique. */
    @JsonIgnore
    public String indexKey() {
        return String.format("%015d|%s|%d|%s", Math.max(0, fireAt().toEpochMilli()), kind, entityId, deadline + "|" + horizon);
    }

    /** The first index key after every timer due at {@code at}. */
    static String indexKeyAfter(Instant at) {
        return String.format("%015d|~", Math.max(0, at.toEpochMilli()));
    }
}
