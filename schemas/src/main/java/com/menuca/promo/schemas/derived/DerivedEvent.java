package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.json.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * The envelope every derived business event shares, on {@code promo.deal-lifecycle} and
 * {@code promo.coupon-activity} (keyed by {@link RestaurantKey}).
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
 * @param data         type-specific payload, one of the records in {@code derived.data}
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
        @JsonProperty("data") ObjectNode data,
        @JsonProperty("source") SourcePosition source) {

    public DerivedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(source, "source");
    }

    /** The key this event is published under. */
    public RestaurantKey key() {
        return new RestaurantKey(restaurantId);
    }

    /** The payload as its typed record (one of {@code derived.data}). */
    public <T> T dataAs(Class<T> type) {
        try {
            return Json.mapper().treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("data of " + this.type + " event " + eventId + " is not a "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
