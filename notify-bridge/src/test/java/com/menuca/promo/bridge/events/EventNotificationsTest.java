package com.menuca.promo.bridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.bridge.postgres.Notification;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.CouponCreated;
import com.menuca.promo.schemas.derived.data.CouponLimitReached;
import com.menuca.promo.schemas.derived.data.CouponRedeemed;
import com.menuca.promo.schemas.derived.data.DealExpiring;
import com.menuca.promo.schemas.derived.data.DealPublished;
import com.menuca.promo.schemas.derived.data.DealState;
import com.menuca.promo.schemas.derived.data.DealStatusChanged;
import com.menuca.promo.schemas.derived.data.EventData;
import com.menuca.promo.schemas.json.Json;
import com.menuca.promo.testkit.samples.Samples;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What one derived event is notified as: its seed channels, each with the object the seed's trigger
 * sent there (field names and values from our event), a reference when too large.
 */
class EventNotificationsTest {
    private static final String EVENT_ID = "8f14e45f-ceea-367a-9a36-dedd4bea2543";
    private static final Instant AT = Instant.parse("2026-12-06T10:00:00Z");
    private final EventNotifications planner = new EventNotifications("promo_notify");

    private static DerivedEvent event(DerivedEventType type, Long customer, EventData data) {
        return Samples.event(type).eventId(EVENT_ID).occurredAt(AT).restaurant(42).customer(customer).deal(7L).coupon(5L)
                .data(data).build();
    }

    private static DealPublished published(String title) {
        return new DealPublished(title, "A description", "percent", new BigDecimal("10.00"), null, AT,
                Instant.parse("2026-12-08T10:00:00Z"), "active", "inserted");
    }

    private EventNotifications.Planned plan(DerivedEvent event) throws Exception {
        return planner.plan(event, Json.mapper().writeValueAsString(event), "promo.deal-lifecycle", 1, 55);
    }

    /** Channel name to its payload, the text notified. */
    private Map<String, String> payloads(DerivedEvent event) throws Exception {
        Map<String, String> payloads = new java.util.LinkedHashMap<>();
        for (Notification notification : plan(event).notifications()) {
            payloads.put(notification.channel(), notification.payload());
        }
        return payloads;
    }

    private static String json(String fields) {
        return fields.replace('\'', '"');
    }

    @Test
    void shouldNotifyAPublishedDealAsTheSeedsTriggerDid() throws Exception {
        Map<String, String> payloads = payloads(event(DerivedEventType.DEAL_PUBLISHED, null, published("Two for one")));
        assertThat(payloads.keySet()).containsExactly("deal_published", "restaurant_42_deal_published");
        assertThat(payloads.get("deal_published")).isEqualTo(json("{'deal_id':7,'restaurant_id':42,"
                + "'title':'Two for one','deal_type':'percent','discount_value':10.00,'start_date':'2026-12-06T10:00:00Z',"
                + "'end_date':'2026-12-08T10:00:00Z','is_featured':null,'event_id':'" + EVENT_ID + "','type':'deal_published'}"));
        assertThat(payloads.get("restaurant_42_deal_published")).isEqualTo(json("{'deal_id':7,"
                + "'title':'Two for one','action':'published','event_id':'" + EVENT_ID + "','type':'deal_published'}"));
        DealPublished amount = new DealPublished("Five off", null, "amount", null, new BigDecimal("5.00"), AT, null, "active",
                "inserted");
        JsonNode off = Json.mapper().readTree(payloads(event(DerivedEventType.DEAL_PUBLISHED, null, amount)).get("deal_published"));
        assertThat(off.path("discount_value").decimalValue()).as("an amount deal's discount").isEqualByComparingTo("5.00");
        assertThat(off.path("end_date").isNull()).as("open-ended").isTrue();
    }

    @Test
    void shouldNotifyADealsIsActiveChangesOnlyAsTheSeedDid() throws Exception {
        DealStatusChanged off = new DealStatusChanged("Two for one", new DealState("active", true), new DealState("paused", false),
                "deactivated");
        assertThat(payloads(event(DerivedEventType.DEAL_STATUS_CHANGED, null, off)).get("restaurant_42_deal_status"))
                .isEqualTo(json("{'deal_id':7,'title':'Two for one','is_active':false,'changed_at':'2026-12-06T10:00:00Z',"
                        + "'action':'deactivated','event_id':'" + EVENT_ID + "','type':'deal_status_changed'}"));
        DealStatusChanged on = new DealStatusChanged("Two for one", new DealState("draft", false), new DealState("active", true),
                "activated");
        assertThat(Json.mapper().readTree(payloads(event(DerivedEventType.DEAL_STATUS_CHANGED, null, on))
                .get("restaurant_42_deal_status")).path("action").asText()).isEqualTo("activated");
        DealStatusChanged statusOnly = new DealStatusChanged("Two for one", new DealState("active", true),
                new DealState("scheduled", true), "status_changed");
        assertThat(plan(event(DerivedEventType.DEAL_STATUS_CHANGED, null, statusOnly)).notifications())
                .as("is_active did not change: the seed's trigger stayed silent").isEmpty();
    }

    @Test
    void shouldNotifyExpiringDealsWithTheWholeHoursRemaining() throws Exception {
        DealExpiring expiring = new DealExpiring("Two for one", Instant.parse("2026-12-06T13:30:00Z"), Duration.ofHours(24),
                86_400, 3 * 3_600 + 1_799);
        assertThat(payloads(event(DerivedEventType.DEAL_EXPIRING, null, expiring)).get("restaurant_42_deal_expiring"))
                .isEqualTo(json("{'deal_id':7,'title':'Two for one','end_date':'2026-12-06T13:30:00Z','hours_remaining':3,"
                        + "'event_id':'" + EVENT_ID + "','type':'deal_expiring'}"));
    }

    @Test
    void shouldNotifyCouponsAsTheSeedsTriggersDid() throws Exception {
        CouponCreated created = new CouponCreated("LUNCH10", "amount", new BigDecimal("5.00"), 100, 1, AT, null, true);
        assertThat(payloads(event(DerivedEventType.COUPON_CREATED, null, created)).get("restaurant_42_coupon_created"))
                .isEqualTo(json("{'coupon_id':5,'code':'LUNCH10','title':null,'event_id':'" + EVENT_ID
                        + "','type':'coupon_created'}"));
        CouponCreated inactive = new CouponCreated("LATER", "amount", new BigDecimal("5.00"), 100, 1, AT, null, false);
        assertThat(plan(event(DerivedEventType.COUPON_CREATED, null, inactive)).notifications())
                .as("the seed announced active coupons only").isEmpty();

        CouponRedeemed redeemed = new CouponRedeemed(31, 10_001, "LUNCH10", "Two for one", new BigDecimal("2.50"),
                new BigDecimal("30.00"), AT, 100);
        Map<String, String> payloads = payloads(event(DerivedEventType.COUPON_REDEEMED, 9L, redeemed));
        assertThat(payloads.keySet()).containsExactly("restaurant_42_coupon_redeemed", "customer_9_coupon_redeemed");
        assertThat(payloads.get("restaurant_42_coupon_redeemed")).isEqualTo(json("{'usage_id':31,"
                + "'coupon_code':'LUNCH10','discount_amount':2.50,'order_id':10001,'redeemed_at':'2026-12-06T10:00:00Z',"
                + "'event_id':'" + EVENT_ID + "','type':'coupon_redeemed'}"));
        assertThat(payloads.get("customer_9_coupon_redeemed")).isEqualTo(json("{'coupon_code':'LUNCH10',"
                + "'discount_amount':2.50,'saved_amount':2.50,'event_id':'" + EVENT_ID + "','type':'coupon_redeemed'}"));

        CouponLimitReached limit = new CouponLimitReached("LUNCH10", 100, 100);
        assertThat(payloads(event(DerivedEventType.COUPON_LIMIT_REACHED, null, limit)).get("coupon_limit_reached"))
                .isEqualTo(json("{'coupon_id':5,'code':'LUNCH10','title':null,'usage_count':100,'usage_limit':100,"
                        + "'event_id':'" + EVENT_ID + "','type':'coupon_limit_reached'}"));
        assertThat(plan(event(DerivedEventType.DEAL_EXPIRED, null, Samples.data(DerivedEventType.DEAL_EXPIRED)))
                .notifications()).as("no seed channel carried deal_expired").isEmpty();
    }

    @Test
    void shouldNotifyAReferenceForAPayloadTooLargeForNotify() throws Exception {
        DerivedEvent published = event(DerivedEventType.DEAL_PUBLISHED, null, published("x".repeat(8_000)));
        String whole = Json.mapper().writeValueAsString(published);
        EventNotifications.Planned planned = plan(published);
        assertThat(planned.large()).hasValueSatisfying(large -> {
            assertThat(large.eventId()).isEqualTo(EVENT_ID);
            assertThat(large.json()).as("the whole event, as on its topic").isEqualTo(whole);
        });
        assertThat(planned.notifications()).extracting(Notification::channel)
                .containsExactly("deal_published", "restaurant_42_deal_published");
        for (Notification notification : planned.notifications()) {
            assertThat(notification.payload().getBytes(StandardCharsets.UTF_8).length).isLessThan(Notification.MAX_PAYLOAD_BYTES);
            JsonNode reference = Json.mapper().readTree(notification.payload());
            assertThat(reference.path("event_id").asText()).isEqualTo(EVENT_ID);
            assertThat(reference.path("type").asText()).isEqualTo("deal_published");
            assertThat(reference.path("restaurant_id").asLong()).isEqualTo(42);
            assertThat(reference.path("deal_id").asLong()).isEqualTo(7);
            assertThat(reference.path("truncated").asBoolean()).isTrue();
            assertThat(reference.path("payload_ref").path("table").asText()).isEqualTo("promo_notify.payloads");
            assertThat(reference.path("payload_ref").path("event_id").asText()).isEqualTo(EVENT_ID);
            assertThat(reference.path("payload_ref").path("offset").asLong()).isEqualTo(55);
        }
        // the limit is on the payload notified, in UTF-8: find the title that makes deal_published 7999 bytes
        int base = payloads(event(DerivedEventType.DEAL_PUBLISHED, null, published(""))).get("deal_published")
                .getBytes(StandardCharsets.UTF_8).length;
        int room = Notification.MAX_PAYLOAD_BYTES - 1 - base;
        DerivedEvent fits = event(DerivedEventType.DEAL_PUBLISHED, null, published("é".repeat(room / 2) + "x".repeat(room % 2)));
        List<Notification> notified = plan(fits).notifications();
        assertThat(notified.get(0).payload().getBytes(StandardCharsets.UTF_8)).hasSize(Notification.MAX_PAYLOAD_BYTES - 1);
        assertThat(plan(fits).large()).as("7999 bytes (in UTF-8) still fit").isEmpty();
    }
}
