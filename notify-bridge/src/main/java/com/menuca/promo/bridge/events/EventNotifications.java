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
 * ({@link NotifyChannel}), each with the event as it is on its topic (the JSON envelope:
 * {@code event_id}, {@code type}, {@code occurred_at}, ids, {@code data}, {@code source}). An event
 * of 8000 bytes or more, too large for a {@code NOTIFY} payload, is stored in
 * {@code <schema>.payloads} and notified as its reference: the envelope's ids with
 * {@code "truncated": true} and {@code payload_ref}, which names the table and key that hold the whole
 * event and where it is in Kafka.
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
        List<String> channels = new ArrayList<>(2);
        for (NotifyChannel channel : NotifyChannel.values()) {
            channel.nameFor(event).ifPresent(channels::add);
        }
        if (channels.isEmpty()) {
            return new Planned(List.of(), Optional.empty());
        }
        String payload = json;
        Optional<LargePayload> large = Optional.empty();
        if (json.getBytes(StandardCharsets.UTF_8).length >= Notification.MAX_PAYLOAD_BYTES) {
            payload = reference(event, topic, partition, offset);
            large = Optional.of(new LargePayload(event.eventId(), event.type(), json));
        }
        List<Notification> notifications = new ArrayList<>(channels.size());
        for (String channel : channels) {
            notifications.add(new Notification(channel, payload));
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
