package com.menuca.promo.harness.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.infra.process.PromoProcess;
import com.menuca.promo.harness.platform.SupabaseJs.Flavour;
import com.menuca.promo.infra.testing.TopicTail;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.NotifyChannel;
import com.menuca.promo.schemas.json.Json;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Backends written for the seed's pg_notify channels, with no trigger on the write path: the notify
 * bridge turns the derived events into NOTIFY on the old names. A node-postgres client LISTENing on
 * all eight names gets every event from SQL through the real capture and processor (the bridge of
 * {@code promo dev --notify-bridge}), each payload with the fields the seed's trigger sent on that
 * channel; the seed's relay (src/test/supabase-js/seed/admin-deal-relay.js) runs unchanged against {@code promo notify-bridge} in its own process, which is killed with
 * SIGKILL while deals are being published and started again: every deal reaches the relay once, in
 * the order the processor derived them, and a deal whose title is too large for NOTIFY arrives as a reference whose
 * row holds it whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotifyBridgeIT {
    private static final long EVERY_R = 9302;
    private static final long EVERY_C = 9802;
    private static final long RELAY_R = 9301;
    /** The relay's own database on the same server: NOTIFY reaches listeners of the database it is issued in. */
    private static final String RELAY_DATABASE = "relay_backend";

    private PromoDev dev;
    private SupabaseJs js;

    @BeforeAll
    void start() throws Exception {
        dev = PromoDev.shared();
        js = SupabaseJs.start(Flavour.LATEST);
    }

    @AfterAll
    void stop() {
        if (js != null) {
            js.close();
        }
    }

    /** The fields of each channel's payload: the seed's trigger's (PHASE_4_MIGRATION_SCRIPT.sql), then ours to de-duplicate by. */
    private static final Map<NotifyChannel, List<String>> SEED_FIELDS = Map.of(
            NotifyChannel.DEAL_PUBLISHED, List.of("deal_id", "restaurant_id", "title", "deal_type", "discount_value",
                    "start_date", "end_date", "is_featured", "event_id", "type"),
            NotifyChannel.RESTAURANT_DEAL_PUBLISHED, List.of("deal_id", "title", "action", "event_id", "type"),
            NotifyChannel.RESTAURANT_DEAL_STATUS, List.of("deal_id", "title", "is_active", "changed_at", "action", "event_id",
                    "type"),
            NotifyChannel.RESTAURANT_DEAL_EXPIRING, List.of("deal_id", "title", "end_date", "hours_remaining", "event_id", "type"),
            NotifyChannel.RESTAURANT_COUPON_CREATED, List.of("coupon_id", "code", "title", "event_id", "type"),
            NotifyChannel.RESTAURANT_COUPON_REDEEMED, List.of("usage_id", "coupon_code", "discount_amount", "order_id",
                    "redeemed_at", "event_id", "type"),
            NotifyChannel.CUSTOMER_COUPON_REDEEMED, List.of("coupon_code", "discount_amount", "saved_amount", "event_id", "type"),
            NotifyChannel.COUPON_LIMIT_REACHED, List.of("coupon_id", "code", "title", "usage_count", "usage_limit", "event_id",
                    "type"));

    @Test
    void aListenClientGetsEverySeedChannelFromSqlWithTheSeedsPayloads() throws Exception {
        Map<NotifyChannel, String> names = new LinkedHashMap<>();
        for (NotifyChannel channel : NotifyChannel.values()) {
            names.put(channel, channel.name(channel.scope() == NotifyChannel.Scope.CUSTOMER ? EVERY_C : EVERY_R));
        }
        js.listen("every", dev.databaseUrl(), List.copyOf(names.values()));
        String restaurantRedeemed = "restaurant_" + EVERY_R + "_coupon_redeemed";
        String customerRedeemed = "customer_" + EVERY_C + "_coupon_redeemed";

        EveryEvent.commit(dev, EVERY_R, EVERY_C, EVERY_C + 1, use -> awaitRedeemed(restaurantRedeemed, customerRedeemed, use));
        EveryEvent.Sentinels last = EveryEvent.sentinels(dev, EVERY_R, EVERY_C);
        Set<Long> coupons = couponsOf(EVERY_R);
        for (Map.Entry<NotifyChannel, String> name : names.entrySet()) {
            js.awaitReceived("every", n -> n.path("channel").asText().equals(name.getValue()) && mine(n, coupons));
        }
        js.awaitReceived("every", n -> n.path("channel").asText().equals("deal_published") && deal(n) == last.deal());
        awaitRedeemed(restaurantRedeemed, customerRedeemed, last.usage());

        Map<String, Set<String>> types = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode notification : js.received("every")) {
            if (!mine(notification, coupons)) {
                continue; // deal_published and coupon_limit_reached carry every restaurant's events
            }
            JsonNode event = payload(notification);
            String channel = notification.path("channel").asText();
            NotifyChannel kind = NotifyChannel.parse(channel).orElseThrow().channel();
            assertThat(seen.add(channel + "/" + event.path("event_id").asText())).as("%s notified once", event).isTrue();
            types.computeIfAbsent(channel, k -> new LinkedHashSet<>()).add(event.path("type").asText());
            assertThat(event.fieldNames()).toIterable().as("%s: the seed's fields, then ours", channel)
                    .containsExactlyElementsOf(SEED_FIELDS.get(kind));
            switch (kind) {
                case DEAL_PUBLISHED -> {
                    assertThat(event.path("discount_value").decimalValue()).isEqualByComparingTo("10");
                    assertThat(event.path("deal_type").asText()).isEqualTo("percent");
                    assertThat(Instant.parse(event.path("start_date").asText())).isBefore(Instant.now());
                }
                case RESTAURANT_DEAL_PUBLISHED -> assertThat(event.path("action").asText()).isEqualTo("published");
                case RESTAURANT_DEAL_STATUS -> {
                    assertThat(event.path("action").asText()).isEqualTo(event.path("is_active").asBoolean() ? "activated"
                            : "deactivated");
                    assertThat(event.path("title").asText()).isEqualTo("Ends in ten minutes");
                }
                case RESTAURANT_DEAL_EXPIRING -> assertThat(event.path("hours_remaining").asLong()).isBetween(0L, 24L);
                case RESTAURANT_COUPON_REDEEMED, CUSTOMER_COUPON_REDEEMED -> {
                    assertThat(event.path("coupon_code").asText()).isNotBlank();
                    assertThat(event.path("discount_amount").isNumber()).as("%s", event).isTrue();
                }
                case COUPON_LIMIT_REACHED -> {
                    assertThat(event.path("code").asText()).isEqualTo("TWO-ONLY");
                    assertThat(event.path("usage_count").asLong()).isEqualTo(2);
                    assertThat(event.path("usage_limit").asLong()).isEqualTo(2);
                }
                default -> assertThat(event.path("code").asText()).isNotBlank();
            }
        }
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        names.forEach((channel, name) -> expected.put(name, Set.of(channel.type().wireName())));
        assertThat(types).as("each channel carries its event type and no other").isEqualTo(expected);
        js.stop("every");
    }

    /** Waits for the redemption of usage {@code use} on the restaurant's channel and, by its event id, on the customer's. */
    private void awaitRedeemed(String restaurantChannel, String customerChannel, long use) {
        JsonNode atRestaurant = js.awaitReceived("every", n -> n.path("channel").asText().equals(restaurantChannel)
                && payload(n).path("usage_id").asLong() == use).stream()
                .filter(n -> n.path("channel").asText().equals(restaurantChannel) && payload(n).path("usage_id").asLong() == use)
                .findFirst().orElseThrow();
        String eventId = payload(atRestaurant).path("event_id").asText();
        js.awaitReceived("every", n -> n.path("channel").asText().equals(customerChannel)
                && payload(n).path("event_id").asText().equals(eventId));
    }

    private Set<Long> couponsOf(long restaurant) throws java.sql.SQLException {
        Set<Long> ids = new LinkedHashSet<>();
        try (Connection c = dev.db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM menuca_v3.promotional_coupons WHERE restaurant_id = " + restaurant)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Of this test's restaurant: the channels that carry every restaurant's events say so in their payload. */
    private static boolean mine(JsonNode notification, Set<Long> coupons) {
        return switch (notification.path("channel").asText()) {
            case "deal_published" -> payload(notification).path("restaurant_id").asLong() == EVERY_R;
            case "coupon_limit_reached" -> coupons.contains(payload(notification).path("coupon_id").asLong());
            default -> true;
        };
    }

    @Test
    void theSeedsRelayGetsEveryDealOnceInOrderThroughAKill9OfTheBridge() throws Exception {
        try (Connection c = dev.db(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + RELAY_DATABASE);
        }
        String relayDb = dev.databaseUrl().replaceAll("/[^/]+$", "/" + RELAY_DATABASE);
        Map<String, String> env = bridgeEnvironment();
        Path log = dev.home().resolve("notify-bridge.log");
        PromoProcess bridge = startBridge(env, log);
        String run = null;
        try {
            run = js.snippet("relay", "admin-deal-relay.js", SupabaseJs.Bindings.of(Map.of(), List.of("broadcastToAllClients"))
                    .withPg(relayDb, List.of("deal_published")));

            List<Long> deals = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                deals.add(dev.sql(EveryEvent.deal(RELAY_R, "Deal " + i, "now() + interval '2 days'")));
                if (i == 12) {
                    bridge.kill(); // SIGKILL while deals keep coming: no goodbye, no flush
                }
                if (i == 25) {
                    bridge = startBridge(env, log);
                }
                Thread.sleep(40);
            }
            long large = dev.sql("INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, "
                    + "discount_percent, ends_at, is_active, status) VALUES (" + RELAY_R + ", repeat('x', 9000), "
                    + "'percent', 10, now() + interval '2 days', true, 'active') RETURNING id");
            deals.add(large);
            long sentinel = dev.sql(EveryEvent.deal(RELAY_R, "Sentinel", "now() + interval '2 days'"));
            deals.add(sentinel);

            String relay = run;
            js.awaitCall(relay, "broadcastToAllClients", args -> args.get(1).path("deal_id").asLong() == sentinel);
            List<JsonNode> sends = js.calls(relay, "broadcastToAllClients").stream()
                    .filter(args -> args.get(1).path("restaurant_id").asLong() == RELAY_R).toList();
            List<Long> relayed = sends.stream().map(args -> args.get(1).path("deal_id").asLong()).toList();
            assertThat(relayed).as("every deal re-broadcast once, across the kill").containsExactlyInAnyOrderElementsOf(deals);
            assertThat(relayed).as("in the order the processor derived them (the restaurant's partition)")
                    .containsExactlyElementsOf(derivedOrder(deals));
            assertThat(sends).allSatisfy(args -> {
                assertThat(args.get(0).asText()).isEqualTo("new_deal");
                assertThat(args.get(1).path("event_id").asText()).isNotBlank();
                if (!args.get(1).path("truncated").asBoolean()) {
                    assertThat(args.get(1).path("title").asText()).as("the seed's fields: %s", args).isNotBlank();
                    assertThat(args.get(1).path("deal_type").asText()).isEqualTo("percent");
                }
            });
            assertThat(js.notifications(relay).stream().filter(n -> deal(n) != 0 && mine(n, RELAY_R)).count())
                    .as("what the relay's pg client received").isEqualTo(deals.size());

            JsonNode reference = sends.get(sends.size() - 2).get(1);
            assertThat(reference.path("truncated").asBoolean()).as("the large deal arrives as a reference").isTrue();
            assertThat(reference.path("payload_ref").path("table").asText()).isEqualTo("promo_notify.payloads");
            try (Connection c = DriverManager.getConnection(dev.stack().jdbcUrl().replaceAll("/[^/]+$", "/" + RELAY_DATABASE),
                    dev.stack().user(), dev.stack().password());
                 PreparedStatement s = c.prepareStatement("SELECT payload::text FROM promo_notify.payloads WHERE event_id = ?")) {
                s.setString(1, reference.path("payload_ref").path("event_id").asText());
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("the referenced row").isTrue();
                    JsonNode whole = Json.mapper().readTree(rs.getString(1));
                    assertThat(whole.path("deal_id").asLong()).isEqualTo(large);
                    assertThat(whole.path("data").path("title").asText()).hasSize(9000);
                }
            }
        } finally {
            if (run != null) {
                js.stop(run);
            }
            bridge.close();
        }
    }

    /** The deals' deal_published events in the order they are on promo.deal-lifecycle (one partition: the restaurant's). */
    private List<Long> derivedOrder(List<Long> deals) {
        try (TopicTail tail = new TopicTail(dev.stack().kafkaBootstrap(), DerivedTopics.DEAL_LIFECYCLE.name())) {
            List<ConsumerRecord<String, String>> records = tail.awaitUntil(seen -> published(seen).containsAll(deals),
                    SupabaseJs.WAIT);
            return published(records).stream().filter(deals::contains).toList();
        }
    }

    private static List<Long> published(List<ConsumerRecord<String, String>> records) {
        List<Long> ids = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event;
            try {
                event = Json.mapper().readTree(record.value());
            } catch (java.io.IOException e) {
                continue;
            }
            if (event.path("restaurant_id").asLong() == RELAY_R && event.path("type").asText().equals("deal_published")) {
                ids.add(event.path("deal_id").asLong());
            }
        }
        return ids;
    }

    private Map<String, String> bridgeEnvironment() {
        URI jdbc = URI.create(dev.stack().jdbcUrl().substring("jdbc:".length()));
        return Map.of("PROMO_KAFKA_BOOTSTRAP_SERVERS", dev.stack().kafkaBootstrap(),
                "PROMO_POSTGRES_HOST", jdbc.getHost(), "PROMO_POSTGRES_PORT", String.valueOf(jdbc.getPort()),
                "PROMO_POSTGRES_DATABASE", RELAY_DATABASE, "PROMO_POSTGRES_USER", dev.stack().user(),
                "PROMO_POSTGRES_PASSWORD", dev.stack().password(), "PROMO_NOTIFY_BRIDGE_NAME", "relay",
                "PROMO_NOTIFY_BRIDGE_HTTP_PORT", "0", "PROMO_NOTIFY_BRIDGE_RETRY_BACKOFF", "500ms");
    }

    /** {@code promo notify-bridge} in its own process; returns once it notifies. */
    private static PromoProcess startBridge(Map<String, String> env, Path log) throws Exception {
        PromoProcess bridge = PromoProcess.start("notify-bridge", PromoDev.promo("-Xmx256m"), List.of("notify-bridge"),
                env, log);
        bridge.awaitLogLine("partitions from their stored positions", Duration.ofMinutes(2));
        return bridge;
    }

    private static JsonNode payload(JsonNode notification) {
        try {
            return Json.mapper().readTree(notification.path("payload").asText());
        } catch (java.io.IOException e) {
            throw new AssertionError("a notification payload is not JSON: " + notification, e);
        }
    }

    private static String type(JsonNode notification) {
        return payload(notification).path("type").asText();
    }

    private static long deal(JsonNode notification) {
        return payload(notification).path("deal_id").asLong();
    }

    private static boolean mine(JsonNode notification, long restaurant) {
        return payload(notification).path("restaurant_id").asLong() == restaurant;
    }
}
