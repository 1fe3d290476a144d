package com.menuca.promo.bridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.bridge.postgres.Notification;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.DealPublished;
import com.menuca.promo.testkit.samples.DerivedEventBuilder;
import com.menuca.promo.testkit.samples.Samples;
import java.math.BigDecimal;
import com.menuca.promo.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What one derived event is notified as: its seed channels, the event itself, a reference when too large. */
class EventNotificationsTest {
    private static final String EVENT_ID = "8f14e45f-ceea-367a-9a36-dedd4bea2543";
    private final EventNotifications planner = new EventNotifications("promo_notify");

    private static DerivedEvent event(DerivedEventType type, Long customer, String description) {
        DerivedEventBuilder event = Samples.event(type).eventId(EVENT_ID).restaurant(42).customer(customer).deal(7L);
        if (type == DerivedEventType.DEAL_PUBLISHED) {
            event.data(new DealPublished("Two for one", description, "percent", new BigDecimal("10.00"), null,
                    Instant.parse("2026-12-06T10:00:00Z"), null, "active", "inserted"));
        }
        return event.build();
    }

    private static String json(DerivedEvent event) throws Exception {
        return Json.mapper().writeValueAsString(event);
    }

    @Test
    void shouldNotifyTheEventAsItIsOnEverySeedChannelThatCarriesIt() throws Exception {
        DerivedEvent redeemed = event(DerivedEventType.COUPON_REDEEMED, 9L, "short");
        EventNotifications.Planned planned = planner.plan(redeemed, json(redeemed), "promo.coupon-activity", 2, 17);
        assertThat(planned.notifications()).extracting(Notification::channel)
                .containsExactly("restaurant_42_coupon_redeemed", "customer_9_coupon_redeemed");
        assertThat(planned.notifications()).extracting(Notification::payload).containsOnly(json(redeemed));
        assertThat(planned.large()).isEmpty();
        DerivedEvent expired = event(DerivedEventType.DEAL_EXPIRED, null, "short");
        assertThat(planner.plan(expired, json(expired), "promo.deal-lifecycle", 0, 1).notifications())
                .as("no seed channel carried deal_expired").isEmpty();
    }

    @Test
    void shouldNotifyAReferenceForAnEventTooLargeForNotify() throws Exception {
        DerivedEvent published = event(DerivedEventType.DEAL_PUBLISHED, null, "x".repeat(8_000));
        String whole = json(published);
        EventNotifications.Planned planned = planner.plan(published, whole, "promo.deal-lifecycle", 1, 55);
        assertThat(planned.large()).hasValueSatisfying(large -> {
            assertThat(large.eventId()).isEqualTo(EVENT_ID);
            assertThat(large.json()).isEqualTo(whole);
        });
        assertThat(planned.notifications()).extracting(Notification::channel)
                .containsExactly("deal_published", "restaurant_42_deal_published");
        String payload = planned.notifications().get(0).payload();
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(Notification.MAX_PAYLOAD_BYTES);
        JsonNode reference = Json.mapper().readTree(payload);
        assertThat(reference.path("event_id").asText()).isEqualTo(EVENT_ID);
        assertThat(reference.path("type").asText()).isEqualTo("deal_published");
        assertThat(reference.path("restaurant_id").asLong()).isEqualTo(42);
        assertThat(reference.path("deal_id").asLong()).isEqualTo(7);
        assertThat(reference.path("truncated").asBoolean()).isTrue();
        assertThat(reference.path("payload_ref").path("table").asText()).isEqualTo("promo_notify.payloads");
        assertThat(reference.path("payload_ref").path("event_id").asText()).isEqualTo(EVENT_ID);
        assertThat(reference.path("payload_ref").path("offset").asLong()).isEqualTo(55);
        DerivedEvent justUnder = event(DerivedEventType.DEAL_PUBLISHED, null, "");
        int room = Notification.MAX_PAYLOAD_BYTES - 1 - json(justUnder).getBytes(StandardCharsets.UTF_8).length;
        DerivedEvent fits = event(DerivedEventType.DEAL_PUBLISHED, null, "é".repeat(room / 2) + "x".repeat(room % 2));
        assertThat(json(fits).getBytes(StandardCharsets.UTF_8)).hasSize(Notification.MAX_PAYLOAD_BYTES - 1);
        assertThat(planner.plan(fits, json(fits), "promo.deal-lifecycle", 1, 56).large())
                .as("7999 bytes (in UTF-8) still fit").isEmpty();
    }
}
