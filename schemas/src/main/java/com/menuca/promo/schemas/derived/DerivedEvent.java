package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.menuca.promo.schemas.derived.data.CouponCreated;
import com.menuca.promo.schemas.derived.data.CouponExpired;
import com.menuca.promo.schemas.derived.data.CouponExpiring;
import com.menuca.promo.schemas.derived.data.CouponLimitReached;
import com.menuca.promo.schemas.derived.data.CouponRedeemed;
import com.menuca.promo.schemas.derived.data.CustomerCouponLimitReached;
import com.menuca.promo.schemas.derived.data.DealExpired;
import com.menuca.promo.schemas.derived.data.DealExpiring;
import com.menuca.promo.schemas.derived.data.DealPublished;
import com.menuca.promo.schemas.derived.data.DealStatusChanged;
import com.menuca.promo.schemas.derived.data.EventData;
import com.menuca.promo.schemas.derived.data.UnknownEventData;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The envelope every derived business event shares, on {@code promo.deal-lifecycle} and
 * {@code promo.coupon-activity} (keyed by {@link RestaurantKey}). Its {@code data} is read as the record
 * its {@code type} names ({@link DerivedEventType#dataType()}); the mapping is declared with Jackson's
 * annotations only, so Jackson 2 and Jackson 3 mappers read it alike.
 *
 * <p>The record's Kafka timestamp is the commit time in PostgreSQL of the change that caused the
 * event; for an event of the clock (expiring, expired), {@code occurred_at}.
 *
 * @param eventId      deterministic: derived from the source change's WAL position (table, LSN, row
 *                     key) and the type, or for wall-clock events from the entity, the deadline and the
 *                     horizon; re-deriving from the change topics yields the same id, so consumers can
 *                     de-duplicate by it
 * @param type         the {@link DerivedEventType#wireName() wire name} of the event type; routing key
 * @param occurredAt   when it happened: the commit time of the source change, or the deadline of a
 *                     wall-clock event (the later of the deadline and the change that scheduled it)
 * @param restaurantId the restaurant the event belongs to; routing key
 * @param customerId   the customer, for redemptions and per-customer limits; else null; routing key
 * @param dealId       the deal concerned, else null
 * @param couponId     the coupon concerned, else null
 * @param data         type-specific payload, the record of {@code type}; {@link UnknownEventData} for a
 *                     type newer than this library
 * @param source       the change topic record the event was derived from (for wall-clock events: the
 *                     change that scheduled it)
 */
public record DerivedEvent(
        @JsonProperty("event_id") String eventId,
        @JsonProperty("type") String type,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("customer_id") Long customerId,
        @JsonProperty("deal_id") Long dealId,
        @JsonProperty("coupon_id") Long couponId,
        @JsonProperty("data")
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "type",
                visible = true, defaultImpl = UnknownEventData.class)
        @JsonSubTypes({
            @JsonSubTypes.Type(value = DealPublished.class, name = "deal_published"),
            @JsonSubTypes.Type(value = DealStatusChanged.class, name = "deal_status_changed"),
            @JsonSubTypes.Type(value = DealExpiring.class, name = "deal_expiring"),
            @JsonSubTypes.Type(value = DealExpired.class, name = "deal_expired"),
            @JsonSubTypes.Type(value = CouponCreated.class, name = "coupon_created"),
            @JsonSubTypes.Type(value = CouponRedeemed.class, name = "coupon_redeemed"),
            @JsonSubTypes.Type(value = CouponLimitReached.class, name = "coupon_limit_reached"),
            @JsonSubTypes.Type(value = CustomerCouponLimitReached.class, name = "customer_coupon_limit_reached"),
            @JsonSubTypes.Type(value = CouponExpiring.class, name = "coupon_expiring"),
            @JsonSubTypes.Type(value = CouponExpired.class, name = "coupon_expired")})
        EventData data,
        @JsonProperty("source") SourcePosition source) {

    public DerivedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(source, "source");
        Optional<DerivedEventType> known = DerivedEventType.ofWireName(type);
        if (known.isPresent() && !known.get().dataType().isInstance(data)) {
            throw new IllegalArgumentException("a " + type + " event carries " + known.get().dataType().getSimpleName()
                    + " data, not " + data.getClass().getSimpleName());
        }
    }

    /** The key this event is published under. */
    public RestaurantKey key() {
        return new RestaurantKey(restaurantId);
    }

    /** The event type, or empty for a type newer than this library. */
    public Optional<DerivedEventType> eventType() {
        return DerivedEventType.ofWireName(type);
    }

    /**
     * The payload as the given record.
     *
     * @throws IllegalArgumentException when this event's data is another type
     */
    public <T extends EventData> T dataAs(Class<T> dataType) {
        if (!dataType.isInstance(data)) {
            throw new IllegalArgumentException("data of " + type + " event " + eventId + " is a "
                    + data.getClass().getSimpleName() + ", not a " + dataType.getSimpleName());
        }
        return dataType.cast(data);
    }
}
