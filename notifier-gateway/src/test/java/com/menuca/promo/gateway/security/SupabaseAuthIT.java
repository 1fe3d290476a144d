package com.menuca.promo.gateway.security;

import static com.menuca.promo.gateway.testing.NodeRealtimeClient.broadcast;
import static com.menuca.promo.gateway.testing.NodeRealtimeClient.changes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.testing.Fixtures;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.JwksServer;
import com.menuca.promo.gateway.testing.NodeRealtimeClient;
import com.menuca.promo.gateway.testing.SupabaseTokens;
import com.menuca.promo.gateway.testing.TestGateway;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A gateway set up as docs/security.md tells a Supabase project to set it up: the project's JWKS
 * (ES256 keys, served here on loopback), its issuer, audience {@code authenticated}, and its
 * publishable key. The unmodified realtime-js client connects with the publishable key as
 * {@code apikey} and, signed in, the user's session token (shaped exactly as Supabase Auth issues
 * it, tenant data under {@code app_metadata}) as each join's {@code access_token}; signed out, it
 * sends the key itself. The platform's customer-app subscription (a restaurant's deals channel:
 * postgres_changes on its deals plus its broadcasts) runs as anonymous, as a customer and as the
 * restaurant's staff, each seeing what its token grants and no more, with ES256 session tokens through
 * the JWKS and again with HS256 session tokens of a project still on the legacy JWT secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupabaseAuthIT {
    private static final long R = 7501;
    private static final long CUSTOMER = 7601;
    private static final long R_LEGACY = 7502;
    private static final long CUSTOMER_LEGACY = 7611;
    private static final String PUBLISHABLE_KEY = "sb_publishable_Xq3nV8cJd2LpT0aZ_7kRmWs4";
    private static final String LEGACY_SECRET = "legacy-project-jwt-secret-with-at-least-32-bytes";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private GatewayStack stack;
    private ECKey signingKey;
    private JwksServer jwks;
    private TestGateway gateway;

    @BeforeAll
    void start() throws Exception {
        stack = GatewayStack.shared();
        signingKey = new ECKeyGenerator(Curve.P_256).keyID("supabase-key-1").generate();
        jwks = JwksServer.serving(List.of(signingKey));
        gateway = stack.gateway(Map.of(GatewayConfig.JWKS_URL.key(), jwks.url(),
                GatewayConfig.JWT_ISSUER.key(), jwks.issuer(),
                GatewayConfig.JWT_AUDIENCE.key(), "authenticated",
                GatewayConfig.PUBLISHABLE_KEYS.key(), PUBLISHABLE_KEY), true);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (jwks != null) {
            jwks.close();
        }
    }

    private String session(Map<String, Object> tenantData) {
        return SupabaseTokens.es256(signingKey, SupabaseTokens.user(jwks.issuer(), tenantData, Duration.ofHours(1)));
    }

    /** The customer app's subscription: the restaurant's deals, as rows and as events. */
    private static ObjectNode[] customerApp(long restaurant) {
        return new ObjectNode[] {changes("*", "promotional_deals", "restaurant_id=eq." + restaurant),
            broadcast("deal_published"), broadcast("deal_status_changed")};
    }

    @Test
    void theCustomerAppRunsAsAnonymousAsACustomerAndAsStaff() throws Exception {
        runCustomerApp(gateway, R, CUSTOMER, this::session);
    }

    @Test
    void theCustomerAppRunsTheSameWithSessionTokensOfTheLegacyJwtSecret() throws Exception {
        try (TestGateway legacy = stack.gateway(Map.of(GatewayConfig.JWT_SECRET.key(), LEGACY_SECRET,
                GatewayConfig.JWT_ISSUER.key(), jwks.issuer(), GatewayConfig.JWT_AUDIENCE.key(), "authenticated",
                GatewayConfig.PUBLISHABLE_KEYS.key(), PUBLISHABLE_KEY), true)) {
            runCustomerApp(legacy, R_LEGACY, CUSTOMER_LEGACY, tenantData -> SupabaseTokens.hs256(LEGACY_SECRET,
                    SupabaseTokens.user(jwks.issuer(), tenantData, Duration.ofHours(1))));
        }
    }

    /**
     * The customer app on restaurant {@code r}'s deals channel, connected with the publishable key:
     * signed out (anonymous), signed in as a customer and as the restaurant's staff with session
     * tokens from {@code session}. Each sees the two deals as its token grants: anonymous and the
     * customer the draft only once it goes live (as an INSERT without its draft row) and only
     * {@code deal_published}; staff every change and every event.
     */
    private void runCustomerApp(TestGateway target, long r, long customer,
            Function<Map<String, Object>, String> session) throws Exception {
        Map<String, String> sessions = new LinkedHashMap<>();
        sessions.put("anon", null);
        sessions.put("customer", session.apply(Map.of("customer_id", customer)));
        sessions.put("staff", session.apply(Map.of("restaurant_ids", List.of(r))));
        String channel = "restaurant:" + r + ":deals";
        try (NodeRealtimeClient node = NodeRealtimeClient.start()) {
            for (Map.Entry<String, String> user : sessions.entrySet()) {
                node.connect(user.getKey(), target.realtimeUrl(), PUBLISHABLE_KEY, "2.0.0");
                if (user.getValue() != null) {
                    node.setAuth(user.getKey(), user.getValue());
                }
                node.subscribed(user.getKey(), user.getKey() + "-deals", channel, false, customerApp(r));
            }
            node.subscribed("customer", "customer-coupons", "customer:" + customer + ":coupons", false,
                    broadcast("coupon_redeemed"));
            assertThat(status(node, "anon", "anon-coupons", "customer:" + customer + ":coupons"))
                    .as("anonymous may not join a customer's channel").isEqualTo("CHANNEL_ERROR");
            assertThat(status(node, "customer", "customer-other", "customer:" + (customer + 1) + ":coupons"))
                    .as("nor another customer's").isEqualTo("CHANNEL_ERROR");

            long draft = stack.sql(Fixtures.dealInsert(r, "supabase-draft", false, "draft", "now() - interval '1 minute'"));
            long live = stack.sql(Fixtures.dealInsert(r, "supabase-live"));
            publish(r, DerivedEventType.DEAL_STATUS_CHANGED, live, null);
            publish(r, DerivedEventType.DEAL_PUBLISHED, live, null);
            publish(r, DerivedEventType.COUPON_REDEEMED, live, customer);
            stack.sql("UPDATE menuca_v3.promotional_deals SET is_active = true, status = 'active' WHERE id = " + draft);

            Map<Long, List<String>> publicView = Map.of(draft, List.of("INSERT"), live, List.of("INSERT"));
            Map<Long, List<String>> staffView = Map.of(draft, List.of("INSERT", "UPDATE"), live, List.of("INSERT"));
            for (String user : sessions.keySet()) {
                Map<Long, List<String>> expected = user.equals("staff") ? staffView : publicView;
                assertThat(awaitTypes(node, user + "-deals", expected)).as("%s: the two deals", user).isEqualTo(expected);
                node.await(e -> e.path("ev").asText().equals("broadcast") && e.path("name").asText().equals(user + "-deals")
                        && e.path("payload").path("event").asText().equals("deal_published"), WAIT);
                List<String> events = node.events(user + "-deals", "broadcast").stream()
                        .map(e -> e.path("payload").path("event").asText()).toList();
                assertThat(events).as("%s: broadcasts", user).isEqualTo(user.equals("staff")
                        ? List.of("deal_status_changed", "deal_published") : List.of("deal_published"));
            }
            JsonNode redeemed = node.await(e -> e.path("ev").asText().equals("broadcast")
                    && e.path("name").asText().equals("customer-coupons"), WAIT);
            assertThat(redeemed.path("payload").path("payload").path("customer_id").asLong()).isEqualTo(customer);
            JsonNode draftForAnon = node.events("anon-deals", "change").stream()
                    .filter(e -> e.path("payload").path("new").path("id").asLong() == draft).findFirst().orElseThrow();
            assertThat(draftForAnon.path("payload").path("old").size())
                    .as("the draft reached anonymous as it went live, without its draft row").isZero();
        }
    }

    @Test
    void aProjectOnTheLegacyJwtSecretIsServedTheSameWay() throws Exception {
        try (TestGateway legacy = stack.gateway(Map.of(GatewayConfig.JWT_SECRET.key(), LEGACY_SECRET,
                GatewayConfig.JWT_ISSUER.key(), jwks.issuer(), GatewayConfig.JWT_AUDIENCE.key(), "authenticated",
                GatewayConfig.PUBLISHABLE_KEYS.key(), PUBLISHABLE_KEY), true);
             NodeRealtimeClient node = NodeRealtimeClient.start()) {
            String staff = SupabaseTokens.hs256(LEGACY_SECRET, SupabaseTokens.user(jwks.issuer(),
                    Map.of("restaurant_ids", List.of(R)), Duration.ofHours(1)));
            String customer = SupabaseTokens.hs256(LEGACY_SECRET, SupabaseTokens.user(jwks.issuer(),
                    Map.of("customer_id", CUSTOMER), Duration.ofHours(1)));
            node.connect("staff", legacy.realtimeUrl(), PUBLISHABLE_KEY, "1.0.0");
            node.setAuth("staff", staff);
            node.subscribed("staff", "coupons", "restaurant:" + R + ":coupons", false, broadcast("coupon_created"));
            node.connect("customer", legacy.realtimeUrl(), PUBLISHABLE_KEY, "1.0.0");
            node.setAuth("customer", customer);
            assertThat(status(node, "customer", "coupons", "restaurant:" + R + ":coupons")).isEqualTo("CHANNEL_ERROR");
            node.subscribed("customer", "mine", "customer:" + CUSTOMER + ":coupons", false, broadcast("coupon_redeemed"));
            String es256 = session(Map.of("restaurant_ids", List.of(R)));
            node.connect("es256", legacy.realtimeUrl(), es256, "1.0.0");
            JsonNode closed = node.await(e -> e.path("client").asText().equals("es256") && e.path("ev").asText().equals("socket")
                    && e.path("state").asText().equals("close"), WAIT);
            assertThat(closed).as("ES256 is refused where only the HS256 secret is configured").isNotNull();
        }
    }

    private void publish(long restaurant, DerivedEventType type, long deal, Long customer) throws Exception {
        DerivedEvent event = Fixtures.event(type, restaurant, customer, deal, type.wireName() + "-" + deal);
        stack.publish(type.topic(), event.key(), event);
    }

    /** Subscribes and returns the first status the client reports (SUBSCRIBED, CHANNEL_ERROR...). */
    private static String status(NodeRealtimeClient node, String client, String name, String channel) {
        int from = node.size();
        node.subscribe(client, name, channel, false, broadcast("*"));
        return node.await(from, e -> e.path("ev").asText().equals("status") && e.path("name").asText().equals(name), WAIT)
                .path("status").asText();
    }

    /** Waits until the subscription's change types per deal equal {@code expected} (or a minute passes). */
    private static Map<Long, List<String>> awaitTypes(NodeRealtimeClient node, String name, Map<Long, List<String>> expected)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        Map<Long, List<String>> types = types(node, name, expected);
        while (!types.equals(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            types = types(node, name, expected);
        }
        return types;
    }

    private static Map<Long, List<String>> types(NodeRealtimeClient node, String name, Map<Long, List<String>> of) {
        Map<Long, List<String>> types = new LinkedHashMap<>();
        for (JsonNode change : node.events(name, "change")) {
            JsonNode payload = change.path("payload");
            String type = payload.path("eventType").asText();
            long id = (type.equals("DELETE") ? payload.path("old") : payload.path("new")).path("id").asLong();
            if (of.containsKey(id)) {
                types.computeIfAbsent(id, k -> new ArrayList<>()).add(type);
            }
        }
        return types;
    }
}
