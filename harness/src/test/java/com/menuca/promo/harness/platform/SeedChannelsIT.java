package com.menuca.promo.harness.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.harness.platform.SupabaseJs.Flavour;
import com.menuca.promo.catalog.SchemaValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every channel of the seed's design, from SQL to a real client: the eight pg_notify names (joined
 * at the gateway as aliases) and every channel of the channel map, each joined by supabase-js with the
 * token of a user who may join it, binding both the documented event name(s) and {@code *}. Rows
 * committed in PostgreSQL go through the real capture and stream processor; every documented event
 * must arrive under its documented name (and through {@code *}), nothing else may, and every payload
 * is valid against its topic's schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedChannelsIT {
    private static final long R = 9201;
    private static final long C = 9701;
    private static final long C2 = 9702;

    /** A subscription: who joins which name, the events documented for it, and the topic its payloads are from. */
    private record Join(String user, String channel, List<String> events, String topic) {
    }

    private static final String DEALS = "promo.deal-lifecycle";
    private static final String COUPONS = "promo.coupon-activity";

    /** docs/channels.md, as a client of the seed's design binds it. */
    private static final List<Join> JOINS = List.of(
            new Join("anon", "deal_published", List.of("deal_published"), DEALS),
            new Join("anon", "deals", List.of("deal_published"), DEALS),
            new Join("staff", "restaurant_" + R + "_deal_published", List.of("deal_published"), DEALS),
            new Join("staff", "restaurant_" + R + "_deal_status", List.of("deal_status"), DEALS),
            new Join("staff", "restaurant_" + R + "_deal_expiring", List.of("deal_expiring"), DEALS),
            new Join("staff", "restaurant:" + R + ":deals",
                    List.of("deal_published", "deal_status_changed", "deal_expiring", "deal_expired"), DEALS),
            new Join("staff", "restaurant_" + R + "_coupon_created", List.of("coupon_created"), COUPONS),
            new Join("staff", "restaurant:" + R + ":coupons", List.of("coupon_created", "coupon_limit_reached",
                    "customer_coupon_limit_reached", "coupon_expiring", "coupon_expired"), COUPONS),
            new Join("staff", "restaurant_" + R + "_coupon_redeemed", List.of("coupon_redeemed"), COUPONS),
            new Join("staff", "restaurant:" + R + ":redemptions", List.of("coupon_redeemed"), COUPONS),
            new Join("staff", "coupon_limit_reached", List.of("coupon_limit_reached"), COUPONS),
            new Join("staff", "coupons:limits", List.of("coupon_limit_reached"), COUPONS),
            new Join("staff", "restaurant:" + R + ":performance", List.of("deal_performance"), "promo.deal-performance"),
            new Join("staff", "restaurant:" + R + ":counts", List.of("redemption_counts"), "promo.redemption-counts"),
            new Join("customer", "customer_" + C + "_coupon_redeemed", List.of("coupon_redeemed"), COUPONS),
            new Join("customer", "customer:" + C + ":coupons", List.of("coupon_redeemed", "customer_coupon_limit_reached",
                    "coupon_expiring", "coupon_expired"), COUPONS),
            new Join("customer", "customer:" + C + ":savings", List.of("customer_savings"), "promo.customer-savings"));

    private PromoDev dev;
    private SupabaseJs js;

    @BeforeAll
    void start() throws Exception {
        dev = PromoDev.shared();
        js = SupabaseJs.start(Flavour.LATEST);
        PlatformUsers.anonymous().connect(js, "anon", dev);
        PlatformUsers.staff(R).connect(js, "staff", dev);
        PlatformUsers.customer(C).connect(js, "customer", dev);
    }

    @AfterAll
    void stop() {
        if (js != null) {
            js.close();
        }
    }

    @Test
    void everySeedChannelDeliversItsDocumentedEventsFromSqlToTheClient() throws Exception {
        for (Join join : JOINS) {
            List<ObjectNode> bindings = new ArrayList<>();
            bindings.add(SupabaseJs.broadcast("*"));
            join.events().forEach(event -> bindings.add(SupabaseJs.broadcast(event)));
            JsonNode status = js.subscribeStatus(join.user(), join.channel(), join.channel(), bindings.toArray(ObjectNode[]::new));
            assertThat(status.path("status").asText()).as("%s joins %s: %s", join.user(), join.channel(), status)
                    .isEqualTo("SUBSCRIBED");
        }

        EveryEvent.commit(dev, R, C, C2, use -> js.awaitBroadcast("customer", "customer:" + C + ":coupons",
                e -> e.path("message").path("payload").path("data").path("usage_id").asLong() == use));

        for (Join join : JOINS) {
            for (String event : join.events()) {
                try {
                    js.awaitBroadcast(join.user(), join.channel(), e -> e.path("binding").asText().equals(event)
                            && e.path("message").path("event").asText().equals(event));
                } catch (AssertionError e) {
                    throw new AssertionError(join.user() + " on " + join.channel() + " never received " + event + "; it got "
                            + js.broadcasts(join.user(), join.channel()).stream()
                                    .map(b -> b.path("message").path("event").asText()).distinct().toList(), e);
                }
            }
        }
        // barriers: a restaurant's events share a partition of each topic, so these arrive after all the above
        EveryEvent.Sentinels last = EveryEvent.sentinels(dev, R, C);
        long lastDeal = last.deal();
        long lastCoupon = last.coupon();
        long lastUse = last.usage();
        js.awaitBroadcast("staff", "restaurant:" + R + ":deals", e -> e.path("message").path("payload").path("deal_id").asLong() == lastDeal);
        js.awaitBroadcast("anon", "deals", e -> e.path("message").path("payload").path("deal_id").asLong() == lastDeal);
        js.awaitBroadcast("staff", "restaurant:" + R + ":coupons", e -> e.path("message").path("payload").path("coupon_id").asLong() == lastCoupon);
        js.awaitBroadcast("customer", "customer:" + C + ":coupons",
                e -> e.path("message").path("payload").path("data").path("usage_id").asLong() == lastUse);

        SchemaValidator schemas = SchemaValidator.bundled();
        Map<String, Set<String>> received = new LinkedHashMap<>();
        for (Join join : JOINS) {
            List<JsonNode> messages = js.broadcasts(join.user(), join.channel());
            Set<String> names = new LinkedHashSet<>();
            for (JsonNode broadcast : messages) {
                JsonNode message = broadcast.path("message");
                names.add(message.path("event").asText());
                assertThat(schemas.validateValue(join.topic(), message.path("payload")))
                        .as("%s payload valid against %s: %s", join.channel(), join.topic(), message).isEmpty();
                if (join.topic().equals(DEALS) || join.topic().equals(COUPONS)) {
                    assertThat(message.path("meta").path("id").asText()).as("meta.id is the event id")
                            .isEqualTo(message.path("payload").path("event_id").asText());
                }
            }
            received.put(join.channel(), names);
            // each event reaches both the '*' binding and the binding of its own name
            long viaStar = messages.stream().filter(b -> b.path("binding").asText().equals("*")).count();
            long viaName = messages.stream().filter(b -> !b.path("binding").asText().equals("*")).count();
            assertThat(viaName).as("%s: each event through its name as through *", join.channel()).isEqualTo(viaStar);
        }
        Map<String, Set<String>> documented = new LinkedHashMap<>();
        JOINS.forEach(join -> documented.put(join.channel(), new LinkedHashSet<>(join.events())));
        assertThat(received).as("the events each channel delivered, by name").isEqualTo(documented);
    }
}
