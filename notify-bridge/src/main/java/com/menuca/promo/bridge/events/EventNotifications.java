package com.menuca.promo.bridge.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.bridge.postgres.LargePayload;
import com.menuca.promo.bridge.postgres.Notification;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.NotifyChannel;
import com.menuca.promo.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The notifications of one derived event: one per seed channel that carries its type
 * ({@link NotifyChannel}), each with the JSON object the seed's trigger sent on that channel
 * ({@link SeedPayloads}: the seed's fields, {@code event_id}, {@code type}). A payload of 8000 bytes or
 * more, too large for {@code NOTIFY} (a very long title), is notified as a reference: the event's
 * ids with {@code "truncated": true} and {@code payload_ref}, which names the table and key where the
 * whole event, as on its topic, is kept ({@code <schema>.payloads}) and where it is in Kafka.
 */
public final class EventNotifications {
    private final String payloadsTable;

    /** @param schema the bridge's schema, where large payloads are kept */
    public EventNotifications(String schema) {
        this.payloadsTable = schema + ".payloads";
    }

    /** What to notify for one event, and the payload to keep when it is too large. */
    public record Planned(List<Notification> notifications, Optional<LargePayload> large) {
    }

    /**
     * @param json the record's value as on the topic
     * @return the notifications (none when no seed channel carries the event's type)
     */
    public Planned plan(DerivedEvent event, String json, String topic, int partition, long offset) {
        List<Notification> notifications = new ArrayList<>(2);
        Optional<LargePayload> large = Optional.empty();
        for (NotifyChannel channel : NotifyChannel.values()) {
            Optional<String> name = channel.nameFor(event);
            Optional<ObjectNode> seed = name.flatMap(n -> SeedPayloads.of(channel, event));
            if (seed.isEmpty()) {
                continue;
            }
            String payload = seed.get().toString();
            if (payload.getBytes(StandardCharsets.UTF_8).length >= Notification.MAX_PAYLOAD_BYTES) {
                payload = reference(event, topic, partition, offset);
                large = Optional.of(new LargePayload(event.eventId(), event.type(), json));
            }
            notifications.add(new Notification(name.get(), payload));
        }
        return new Planned(notifications, large);
    }

    private String reference(DerivedEvent event, String topic, int partition, long offset) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("event_id", event.eventId());
        node.put("type", event.type());
        node.put("occurred_at", event.occurredAt().toString());
        node.put("restaurant_id", event.restaurantId());
        node.put("customer_id", event.customerId());
        node.put("deal_id", event.dealId());
        node.put("coupon_id", event.couponId());
        node.put("truncated", true);
        ObjectNode ref = node.putObject("payload_ref");
        ref.put("table", payloadsTable);
        ref.put("event_id", event.eventId());
        ref.put("topic", topic);
        ref.put("partition", partition);
        ref.put("offset", offset);
        return node.toString();
    }
}
