package com.menuca.promo.gateway;

import static com.menuca.promo.gateway.testing.NodeRealtimeClient.broadcast;
import static com.menuca.promo.gateway.testing.NodeRealtimeClient.changes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.schemas.derived.AmountsByPeriod;
import com.menuca.promo.schemas.derived.CountsByPeriod;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.testkit.samples.Samples;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.RestaurantKey;
import com.menuca.promo.schemas.derived.SourcePosition;
import com.menuca.promo.schemas.json.Json;
import java.time.Instant;
import java.time.LocalDate;
import com.menuca.promo.gateway.testing.Fixtures;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.NodeRealtimeClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unmodified {@code @supabase/realtime-js@2.109.0} client (Node, {@code ws}) against the gateway on
 * a real stack: PostgreSQL → Debezium → Kafka → gateway. Every scenario runs under both serializers.
 * Derived topics are fed by this test with envelope-shaped records, as the stream processor writes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayRealClientIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong RESTAURANTS = new AtomicLong(5_000);

    private GatewayStack stack;

    @BeforeAll
    void startStack() throws Exception {
        stack = GatewayStack.start(Map.of());
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String staff(long restaurant) {
        return DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(restaurant), null, Duration.ofHours(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "2.0.0"})
    void shouldDeliverInsertUpdateDeleteOfMatchingRowsOnly(String vsn) throws Exception {
        long r = RESTAURANTS.incrementAndGet();
        try (NodeRealtimeClient node = NodeRealtimeClient.start()) {
            node.connect("c", stack.realtimeUrl(), staff(r), vsn);
            node.subscribed("c", "deals", "dashboard-" + r, false, changes("*", "promotional_deals", "restaurant_id=eq." + r));
            node.subscribed("c", "usage", "restaurant:" + r + ":redemptions", false,
                    changes("INSERT", "coupon_usage_log", "restaurant_id=eq." + r + ",discount_applied=gte.5"));

            long deal = stack.sql(dealInsert(r, "Lunch 2 for 1"));
            stack.sql(dealInsert(r + 100_000, "Other tenant"));
            stack.sql("UPDATE menuca_v3.promotional_deals SET title = 'Lunch 3 for 2' WHERE id = " + deal);
            stack.sql("DELETE FROM menuca_v3.promotional_deals WHERE id = " + deal);
            long coupon = stack.sql(couponInsert(r, "C" + r));
            long otherCoupon = stack.sql(couponInsert(r + 100_000, "C" + r));
            long big = stack.sql(usageInsert(coupon, r, 7, "10.00"));
            stack.sql(usageInsert(coupon, r, 7, "1.00"));
            stack.sql(usageInsert(otherCoupon, r + 100_000, 7, "10.00"));

            List<JsonNode> dealEvents = node.awaitCount("deals", "change", 3, WAIT);
            List<JsonNode> usage = node.awaitCount("usage", "change", 1, WAIT);
            Thread.sleep(1_000); // nothing else may arrive: give stragglers a moment
            assertThat(node.events("deals", "change")).hasSize(3);
            assertThat(node.events("usage", "change")).hasSize(1);

            assertThat(dealEvents).extracting(e -> e.path("payload").path("eventType").asText())
                    .containsExactly("INSERT", "UPDATE", "DELETE");
            JsonNode insert = dealEvents.get(0).path("payload");
            assertThat(insert.path("schema").asText()).isEqualTo("menuca_v3");
            assertThat(insert.path("table").asText()).isEqualTo("promotional_deals");
            assertThat(insert.path("commit_timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(insert.path("new").path("id").asLong()).isEqualTo(deal);
            assertThat(insert.path("new").path("restaurant_id").isNumber()).as("int8 converted by the client").isTrue();
            assertThat(insert.path("new").path("is_active").isBoolean()).as("bool converted by the client").isTrue();
            JsonNode update = dealEvents.get(1).path("payload");
            assertThat(update.path("new").path("title").asText()).isEqualTo("Lunch 3 for 2");
            assertThat(update.path("old").path("title").asText()).isEqualTo("Lunch 2 for 1");
            JsonNode delete = dealEvents.get(2).path("payload");
            assertThat(delete.path("old").path("id").asLong()).isEqualTo(deal);
            assertThat(delete.path("new").size()).isZero();
            assertThat(usage.get(0).path("payload").path("new").path("id").asLong()).isEqualTo(big);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "2.0.0"})
    void shouldDeliverBroadcastsOnChannelsAndTheirOldNames(String vsn) throws Exception {
        long r = RESTAURANTS.incrementAndGet();
        stack.publish(DerivedTopics.DEAL_PERFORMANCE, new RestaurantKey(r), performance(r, 5));
        try (NodeRealtimeClient node = NodeRealtimeClient.start()) {
            node.connect("c", stack.realtimeUrl(), staff(r), vsn);
            node.subscribed("c", "redemptions", "restaurant:" + r + ":redemptions", false, broadcast("coupon_redeemed"));
            node.subscribed("c", "alias", "restaurant_" + r + "_coupon_redeemed", false, broadcast("*"));
            node.subscribed("c", "expiring", "restaurant_" + r + "_deal_expiring", false, broadcast("*"));
            node.subscribed("c", "performance", "restaurant:" + r + ":performance", false, broadcast("deal_performance"));
            JsonNode initial = node.awaitCount("performance", "broadcast", 1, WAIT).get(0);
            assertThat(initial.path("payload").path("payload").path("redemptions").path("today").asInt()).isEqualTo(5);

            publishEvent(DerivedEventType.COUPON_REDEEMED, r, 77L, id("e1-" + r));
            publishEvent(DerivedEventType.COUPON_REDEEMED, r + 100_000, 77L, id("e2-" + r));
            publishEvent(DerivedEventType.DEAL_STATUS_CHANGED, r, null, id("e3-" + r));
            publishEvent(DerivedEventType.DEAL_EXPIRING, r, null, id("e4-" + r));
            stack.publish(DerivedTopics.DEAL_PERFORMANCE, new RestaurantKey(r), performance(r, 6));

            JsonNode redeemed = node.awaitCount("redemptions", "broadcast", 1, WAIT).get(0).path("payload");
            assertThat(redeemed.path("event").asText()).isEqualTo("coupon_redeemed");
            assertThat(redeemed.path("payload").path("event_id").asText()).isEqualTo(id("e1-" + r));
            assertThat(redeemed.path("meta").path("id").asText()).isEqualTo(id("e1-" + r));
            assertThat(redeemed.path("meta").path("position").asText()).isNotEmpty();
            assertThat(node.awaitCount("alias", "broadcast", 1, WAIT).get(0).path("payload").path("payload")
                    .path("event_id").asText()).isEqualTo(id("e1-" + r));
            JsonNode expiring = node.awaitCount("expiring", "broadcast", 1, WAIT).get(0).path("payload");
            assertThat(expiring.path("event").asText()).isEqualTo("deal_expiring");
            assertThat(node.awaitCount("performance", "broadcast", 2, WAIT).get(1).path("payload").path("payload")
                    .path("redemptions").path("today").asInt()).as("%s", node.events("performance", "broadcast")).isEqualTo(6);
            Thread.sleep(1_000);
            assertThat(node.events("redemptions", "broadcast")).as("other restaurant's redemption").hasSize(1);
            assertThat(node.events("alias", "broadcast")).hasSize(1);
            assertThat(node.events("expiring", "broadcast")).as("deal_status_changed is not an expiring event").hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "2.0.0"})
    void shouldServeCountsPerKeyPublicDealsAndEachCallersShareOfCouponLimits(String vsn) throws Exception {
        long r = RESTAURANTS.incrementAndGet();
        stack.publish(DerivedTopics.REDEMPTION_COUNTS, new CountsKey(CountsScope.RESTAURANT, r), counts(CountsScope.RESTAURANT, r, r, 3));
        stack.publish(DerivedTopics.REDEMPTION_COUNTS, new CountsKey(CountsScope.COUPON, 900 + r), counts(CountsScope.COUPON, 900 + r, r, 2));
        stack.publish(DerivedTopics.REDEMPTION_COUNTS, new CountsKey(CountsScope.COUPON, 800 + r),
                counts(CountsScope.COUPON, 800 + r, r + 100_000, 9));
        String anon = DevTokens.mint(DevTokens.DEV_SECRET, "anon", List.of(), null, Duration.ofHours(1));
        try (NodeRealtimeClient node = NodeRealtimeClient.start()) {
            node.connect("staff", stack.realtimeUrl(), staff(r), vsn);
            node.connect("anon", stack.realtimeUrl(), anon, vsn);
            node.subscribed("staff", "counts", "restaurant:" + r + ":counts", false, broadcast("*"));
            List<JsonNode> initial = node.awaitCount("counts", "broadcast", 2, WAIT);
            assertThat(initial).extracting(e -> e.path("payload").path("payload").path("id").asLong())
                    .as("the current value of every key of this restaurant, none of another's")
                    .containsExactlyInAnyOrder(r, 900 + r);
            node.subscribed("staff", "limits", "coupons:limits", false, broadcast("coupon_limit_reached"));
            node.subscribed("anon", "deals", "deals", false, broadcast("deal_published"));

            stack.publish(DerivedTopics.REDEMPTION_COUNTS, new CountsKey(CountsScope.COUPON, 900 + r), counts(CountsScope.COUPON, 900 + r, r, 3));
            publishEvent(DerivedEventType.COUPON_LIMIT_REACHED, r + 100_000, null, id("limit-other-" + r));
            publishEvent(DerivedEventType.COUPON_LIMIT_REACHED, r, null, id("limit-" + r));
            publishEvent(DerivedEventType.DEAL_PUBLISHED, r + 100_000, null, id("published-" + r));

            JsonNode changed = node.awaitCount("counts", "broadcast", 3, WAIT).get(2).path("payload");
            assertThat(changed.path("payload").path("redemptions").path("total").asLong()).isEqualTo(3);
            assertThat(changed.path("meta").path("key").asText()).contains("coupon").contains(String.valueOf(900 + r));
            assertThat(node.awaitCount("limits", "broadcast", 1, WAIT).get(0).path("payload").path("payload")
                    .path("event_id").asText()).isEqualTo(id("limit-" + r));
            assertThat(node.awaitCount("deals", "broadcast", 1, WAIT).get(0).path("payload").path("payload")
                    .path("event_id").asText()).as("anyone sees published deals").isEqualTo(id("published-" + r));
            Thread.sleep(1_000);
            assertThat(node.events("limits", "broadcast")).as("another restaurant's limit event").hasSize(1);
        }
    }

    static RedemptionCounts counts(CountsScope scope, long id, long restaurant, long total) {
        return new RedemptionCounts(scope, id, restaurant, new CountsByPeriod(total, total, total), AmountsByPeriod.ZERO,
                AmountsByPeriod.ZERO, LocalDate.now(), "UTC", null, scope == CountsScope.COUPON ? false : null, Instant.now());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "2.0.0"})
    void shouldSurfaceJoinRefusalsAsChannelErrorWithTheReason(String vsn) throws Exception {
        long r = RESTAURANTS.incrementAndGet();
        String customer = DevTokens.mint(DevTokens.DEV_SECRET, "customer", List.of(), 7L, Duration.ofHours(1));
        try (NodeRealtimeClient node = NodeRealtimeClient.start()) {
            node.connect("staff", stack.realtimeUrl(), staff(r), vsn);
            node.connect("customer", stack.realtimeUrl(), customer, vsn);
            assertRefused(node, "customer", "c1", "restaurant:" + r + ":coupons", "Unauthorized", broadcast("*"));
            assertRefused(node, "staff", "s1", "other-tenant", "Unauthorized",
                    changes("INSERT", "coupon_usage_log", "restaurant_id=eq." + (r + 1)));
            assertRefused(node, "staff", "s2", "bad-op", "InvalidFilter",
                    changes("INSERT", "coupon_usage_log", "restaurant_id=like." + r));
            assertRefused(node, "staff", "s3", "bad-column", "unknown column 'restaurant'",
                    changes("INSERT", "coupon_usage_log", "restaurant=eq." + r));
            assertRefused(node, "staff", "s4", "bad-table", "UnknownTable", changes("*", "orders", null));
            assertRefused(node, "customer", "c2", "customer-table", "Unauthorized", changes("*", "promotional_coupons", null));
            node.subscribed("customer", "own", "customer:7:coupons", false, broadcast("*"));
        }
    }

    private static void assertRefused(NodeRealtimeClient node, String client, String name, String channel, String reason,
                                      com.fasterxml.jackson.databind.node.ObjectNode binding) {
        int from = node.size();
        node.subscribe(client, name, channel, false, binding);
        JsonNode status = node.await(from, e -> e.path("ev").asText().equals("status") && e.path("name").asText().equals(name),
                WAIT);
        assertThat(status.path("status").asText()).as("status of %s", name).isEqualTo("CHANNEL_ERROR");
        assertThat(status.path("error").asText()).as("reason of %s", name).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "2.0.0"})
    void shouldKeepARefreshedChannelAndEndAnExpiredOne(String vsn) throws Exception {
        long r = RESTAURANTS.incrementAndGet();
        // long enough for both clients to connect, join and refresh on a loaded machine (a 4 s token
        // expired before the refresh arrived at a load average of 60), short enough to watch one expire
        String shortLived = DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(r), null, Duration.ofSeconds(12));
        try (NodeRealtimeClient node = NodeRealtimeClient.start()) {
            node.connect("refreshed", stack.realtimeUrl(), shortLived, vsn);
            node.connect("expiring", stack.realtimeUrl(), shortLived, vsn);
            node.subscribed("refreshed", "a", "refresh-" + r, false, changes("INSERT", "promotional_deals", "restaurant_id=eq." + r));
            node.subscribed("expiring", "b", "refresh-" + r, false, changes("INSERT", "promotional_deals", "restaurant_id=eq." + r));
            node.setAuth("refreshed", staff(r));

            JsonNode ended = node.await(e -> e.path("ev").asText().equals("system") && e.path("name").asText().equals("b")
                    && e.path("payload").path("status").asText().equals("error"), WAIT);
            assertThat(ended.path("payload").path("message").asText()).contains("InvalidJWTToken").contains("expired");
            node.await(e -> e.path("ev").asText().equals("status") && e.path("name").asText().equals("b")
                    && e.path("status").asText().equals("CLOSED"), WAIT);

            long deal = stack.sql(dealInsert(r, "After expiry"));
            JsonNode change = node.awaitCount("a", "change", 1, WAIT).get(0);
            assertThat(change.path("payload").path("new").path("id").asLong()).isEqualTo(deal);
            assertThat(node.events("b", "change")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "2.0.0"})
    void shouldResumeWithoutGapOrDuplicateAfterTheGatewayRestarts(String vsn) throws Exception {
        long r = RESTAURANTS.incrementAndGet();
        long coupon = stack.sql(couponInsert(r, "RESUME" + r));
        List<Long> written = new ArrayList<>();
        try (NodeRealtimeClient node = NodeRealtimeClient.start()) {
            node.connect("c", stack.realtimeUrl(), staff(r), vsn);
            node.subscribed("c", "usage", "restaurant:" + r + ":redemptions", true,
                    changes("INSERT", "coupon_usage_log", "restaurant_id=eq." + r));
            for (int i = 0; i < 3; i++) {
                written.add(stack.sql(usageInsert(coupon, r, i, "2.00")));
            }
            node.awaitCount("usage", "change", 3, WAIT);

            stack.stopGateway();
            node.await(e -> e.path("ev").asText().equals("socket") && e.path("state").asText().equals("close"), WAIT);
            for (int i = 0; i < 5; i++) {
                written.add(stack.sql(usageInsert(coupon, r, 10 + i, "2.00")));
            }
            int beforeRestart = node.size();
            stack.startGateway(stack.port());
            node.await(beforeRestart, e -> e.path("ev").asText().equals("status") && e.path("name").asText().equals("usage")
                    && e.path("status").asText().equals("SUBSCRIBED"), Duration.ofSeconds(60));
            for (int i = 0; i < 2; i++) {
                written.add(stack.sql(usageInsert(coupon, r, 20 + i, "2.00")));
            }
            List<JsonNode> received = node.awaitCount("usage", "change", written.size(), Duration.ofSeconds(60));
            Thread.sleep(1_000);
            List<Long> ids = node.events("usage", "change").stream()
                    .map(e -> e.path("payload").path("new").path("id").asLong()).toList();
            assertThat(ids).as("every row exactly once, across the restart").containsExactlyInAnyOrderElementsOf(written);
            assertThat(received).hasSize(written.size());
        }
    }

    /** A derived event as the stream processor publishes it (a valid sample of its type, with its contract serde). */
    private void publishEvent(DerivedEventType type, long restaurant, Long customer, String eventId) throws Exception {
        DerivedEvent event = Samples.event(type).eventId(eventId).restaurant(restaurant).customer(customer).build();
        stack.publish(type.topic(), event.key(), event);
    }

    /** Event ids are UUIDs: a name-based one per name, so the test can name them. */
    private static String id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static DealPerformance performance(long restaurant, long redeemedToday) {
        return Fixtures.performance(restaurant, redeemedToday);
    }

    static String dealInsert(long restaurant, String title) {
        return "INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, ends_at, is_active, status) "
                + "VALUES (" + restaurant + ", '" + title + "', 'percent', 10, now() + interval '1 day', true, 'active') RETURNING id";
    }

    static String couponInsert(long restaurant, String code) {
        return Fixtures.couponInsert(restaurant, code);
    }

    static String usageInsert(long coupon, long restaurant, long customer, String discount) {
        return Fixtures.usageInsert(coupon, restaurant, customer, discount);
    }
}
