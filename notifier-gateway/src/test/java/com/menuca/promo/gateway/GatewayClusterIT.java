package com.menuca.promo.gateway;

import static com.menuca.promo.gateway.testing.NodeRealtimeClient.broadcast;
import static com.menuca.promo.gateway.testing.NodeRealtimeClient.presence;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.GatewayProcess;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.NodeRealtimeClient;
import com.menuca.promo.gateway.testing.TestGateway;
import com.menuca.promo.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Presence and client broadcasts across gateway instances, with the unmodified realtime-js client:
 * two gateways in this JVM and, for presence, a third in a JVM of its own that is killed with SIGKILL.
 * Everything the gateways share goes through Kafka ({@code promo.gateway.presence},
 * {@code promo.gateway.broadcasts}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong RESTAURANTS = new AtomicLong(7_000);
    /** Short, so a killed gateway's presences leave soon (a heartbeat every 600 ms). */
    private static final Map<String, String> SETTINGS = Map.of("gateway.presence.timeout", "3s",
            "gateway.broadcast.http.per.second", "20");

    private GatewayStack stack;
    private TestGateway one;
    private TestGateway two;
    private NodeRealtimeClient node;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        stack = GatewayStack.shared();
        one = stack.gateway(SETTINGS, false);
        two = stack.gateway(SETTINGS, false);
        node = NodeRealtimeClient.start();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
    }

    private static String staff(long restaurant) {
        return DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(restaurant), null, Duration.ofHours(1));
    }

    private static String customer(long id) {
        return DevTokens.mint(DevTokens.DEV_SECRET, "customer", List.of(), id, Duration.ofHours(1));
    }

    private static String service() {
        return DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofHours(1));
    }

    private static ObjectNode config(boolean self, boolean ack) {
        ObjectNode config = Json.mapper().createObjectNode();
        config.putObject("broadcast").put("self", self).put("ack", ack);
        return config;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode awaitBroadcast(String name, String event) {
        return node.await(e -> e.path("ev").asText().equals("broadcast") && e.path("name").asText().equals(name)
                && e.path("payload").path("event").asText().equals(event), WAIT).path("payload");
    }

    private List<String> broadcastEvents(String name) {
        return node.events(name, "broadcast").stream().map(e -> e.path("payload").path("event").asText()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "2.0.0"})
    void shouldDeliverAClientsBroadcastToClientsOnTheOtherGatewayWithSelfAndAck(String vsn) {
        long r = RESTAURANTS.incrementAndGet();
        String room = "restaurant:" + r + ":staff";
        String a = "a" + r;
        String b = "b" + r;
        String c = "c" + r;
        node.connect(a, one.realtimeUrl(), staff(r), vsn);
        node.connect(b, two.realtimeUrl(), staff(r), vsn);
        node.connect(c, one.realtimeUrl(), staff(r), vsn);
        node.subscribed(a, a, room, config(true, true), broadcast("shift"), broadcast("done"));
        node.subscribed(b, b, room, config(false, false), broadcast("shift"), broadcast("quiet"), broadcast("blob"),
                broadcast("done"));
        node.subscribed(c, c, room, config(false, true), broadcast("quiet"), broadcast("done"));

        assertThat(node.broadcast(a, a, "shift", json("{\"who\":\"ann\",\"n\":1}"))).isEqualTo("ok");
        assertThat(awaitBroadcast(b, "shift").path("payload")).isEqualTo(json("{\"who\":\"ann\",\"n\":1}"));
        assertThat(awaitBroadcast(a, "shift").path("payload").path("who").asText()).as("self: true").isEqualTo("ann");

        assertThat(node.broadcast(c, c, "quiet", json("{\"n\":2}"))).isEqualTo("ok");
        assertThat(awaitBroadcast(b, "quiet").path("payload").path("n").asInt()).isEqualTo(2);
        if (vsn.equals("2.0.0")) {
            // an ArrayBuffer goes as a binary push and arrives as one
            assertThat(node.broadcastBinary(c, c, "blob", new byte[] {0, 1, 2, (byte) 255})).isEqualTo("ok");
            assertThat(Base64.getDecoder().decode(awaitBroadcast(b, "blob").path("payload").path("binary").asText()))
                    .containsExactly(0, 1, 2, 255);
        }
        // barrier: the sender of "quiet" (self: false) gets the next broadcast but never its own
        assertThat(node.broadcast(a, a, "done", json("{}"))).isEqualTo("ok");
        awaitBroadcast(c, "done");
        awaitBroadcast(b, "done");
        assertThat(broadcastEvents(c)).containsExactly("done");
        assertThat(broadcastEvents(b)).containsExactlyElementsOf(vsn.equals("2.0.0")
                ? List.of("shift", "quiet", "blob", "done") : List.of("shift", "quiet", "done"));
    }

    @Test
    void shouldRefuseBroadcastsAndPresenceThePolicyDoesNotAllow() {
        long r = RESTAURANTS.incrementAndGet();
        String deals = "restaurant:" + r + ":deals";
        String cust = "cust" + r;
        node.connect(cust, one.realtimeUrl(), customer(r), "2.0.0");
        node.subscribed(cust, cust, deals, config(false, true));
        assertThat(node.broadcast(cust, cust, "deal_published", json("{\"fake\":true}"))).isEqualTo("error");

        String anon = "anon" + r;
        node.connect(anon, one.realtimeUrl(), DevTokens.mint(DevTokens.DEV_SECRET, "anon", List.of(), null,
                Duration.ofHours(1)), "2.0.0");
        node.subscribe(anon, anon, deals, null, false, presence("sync"));
        JsonNode status = node.await(e -> e.path("ev").asText().equals("status") && e.path("name").asText().equals(anon),
                WAIT);
        assertThat(status.path("status").asText()).as("anon may not see who watches").isEqualTo("CHANNEL_ERROR");
        assertThat(status.path("error").asText()).contains("may not see presence");
        ObjectNode disconnect = NodeRealtimeClient.command("disconnect");
        disconnect.put("client", anon);
        node.call(disconnect, WAIT);

        // staff may see who watches their restaurant's deals, but not track there
        String staff = "staff" + r;
        node.connect(staff, two.realtimeUrl(), staff(r), "1.0.0");
        node.subscribed(staff, staff, deals, null, presence("sync"));
        assertThat(node.track(staff, staff, json("{}"))).isEqualTo("error");
        // nor broadcast on another restaurant's staff room (their join there is refused outright)
        String room = "room" + r;
        node.subscribe(staff, room, "restaurant:" + (r + 1) + ":staff", config(false, true), false);
        assertThat(node.await(e -> e.path("ev").asText().equals("status") && e.path("name").asText().equals(room), WAIT)
                .path("status").asText()).isEqualTo("CHANNEL_ERROR");
        disconnect.put("client", staff);
        node.call(disconnect, WAIT);
    }

    private HttpResponse<String> post(TestGateway gateway, String path, String token, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.httpUrl() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("apikey", token).header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String messages(String topic, String event, String payload, String id) {
        return "{\"messages\":[{\"topic\":\"" + topic + "\",\"event\":\"" + event + "\",\"payload\":" + payload
                + (id == null ? "" : ",\"id\":\"" + id + "\"") + "}]}";
    }

    @Test
    void shouldDeliverBroadcastsABackendPostsOverHttpOnEveryGatewayAndRefuseWhatItMayNot() throws Exception {
        long r = RESTAURANTS.incrementAndGet();
        String room = "restaurant:" + r + ":staff";
        String b = "b" + r;
        String s = "s" + r;
        node.connect(b, two.realtimeUrl(), staff(r), "2.0.0");
        node.subscribed(b, b, room, config(false, false), broadcast("http"), broadcast("path"), broadcast("js"));
        node.connect(s, one.realtimeUrl(), staff(r), "1.0.0");
        node.subscribed(s, s, room, config(false, false));

        HttpResponse<String> accepted = post(one, "/realtime/v1/api/broadcast", service(), "application/json",
                messages(room, "http", "{\"n\":1}", "m-1"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode got = awaitBroadcast(b, "http");
        assertThat(got.path("payload").path("n").asInt()).isEqualTo(1);
        assertThat(got.path("meta").path("id").asText()).isEqualTo("m-1");

        assertThat(post(one, "/realtime/v1/api/broadcast/" + room + "/events/path", staff(r), "application/json",
                "{\"n\":2}").statusCode()).isEqualTo(202);
        assertThat(awaitBroadcast(b, "path").path("payload").path("n").asInt()).isEqualTo(2);

        // realtime-js's own httpSend() (what a backend using supabase-js calls)
        ObjectNode httpSend = NodeRealtimeClient.command("httpSend");
        httpSend.put("client", s).put("name", s).put("event", "js").set("payload", json("{\"n\":3}"));
        assertThat(node.call(httpSend, WAIT).path("success").asBoolean()).as(node.events().toString()).isTrue();
        assertThat(awaitBroadcast(b, "js").path("payload").path("n").asInt()).isEqualTo(3);

        String body = messages(room, "http", "{}", null);
        assertThat(post(one, "/realtime/v1/api/broadcast", null, "application/json", body).statusCode()).isEqualTo(401);
        String forged = DevTokens.mint("another-secret-of-at-least-32-bytes-long", "service_role", List.of(), null,
                Duration.ofHours(1));
        assertThat(post(one, "/realtime/v1/api/broadcast", forged, "application/json", body).statusCode())
                .as("a token signed with another key").isEqualTo(401);
        String expired = DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofSeconds(-120));
        assertThat(post(one, "/realtime/v1/api/broadcast", expired, "application/json", body).statusCode())
                .as("an expired token").isEqualTo(401);
        assertThat(post(one, "/realtime/v1/api/broadcast", null, "application/json", "{\"messages\":[").statusCode())
                .as("no credential: refused before the body is read").isEqualTo(401);
        assertThat(post(one, "/realtime/v1/api/broadcast", customer(5), "application/json", body).statusCode())
                .isEqualTo(403);
        assertThat(post(one, "/realtime/v1/api/broadcast", staff(r + 1), "application/json", body).statusCode())
                .as("another restaurant's staff").isEqualTo(403);
        HttpResponse<String> deals = post(one, "/realtime/v1/api/broadcast", staff(r), "application/json",
                messages("restaurant:" + r + ":deals", "deal_published", "{}", null));
        assertThat(deals.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(deals.body()).path("message").asText()).contains("may not broadcast");
        assertThat(post(one, "/realtime/v1/api/broadcast", service(), "application/json",
                messages(room, "big", "{\"x\":\"" + "y".repeat(17_000) + "\"}", null)).statusCode()).isEqualTo(413);
        assertThat(post(one, "/realtime/v1/api/broadcast", service(), "application/json", "{\"messages\":[").statusCode())
                .isEqualTo(400);
        assertThat(post(one, "/realtime/v1/api/broadcast", service(), "application/json", "{\"messages\":[]}").statusCode())
                .isEqualTo(422);
        StringBuilder many = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 20; i++) {
            many.append(i == 0 ? "" : ",").append("{\"topic\":\"").append(room).append("\",\"event\":\"flood\",\"payload\":{}}");
        }
        String flood = many.append("]}").toString();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 3 && !statuses.contains(429); i++) {
            statuses.add(post(one, "/realtime/v1/api/broadcast", staff(r), "application/json", flood).statusCode());
        }
        assertThat(statuses).as("a second burst of gateway.broadcast.http.per.second messages for one credential")
                .contains(429);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(one.httpUrl() + "/realtime/v1/api/broadcast"))
                .header("apikey", service()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);

        // barrier: none of the refused ones arrived
        assertThat(post(one, "/realtime/v1/api/broadcast", service(), "application/json",
                messages(room, "js", "{\"n\":4}", null)).statusCode()).isEqualTo(202);
        node.await(e -> e.path("ev").asText().equals("broadcast") && e.path("name").asText().equals(b)
                && e.path("payload").path("payload").path("n").asInt() == 4, WAIT);
        assertThat(broadcastEvents(b)).containsExactly("http", "path", "js", "js");
    }

    private JsonNode awaitPresence(String name, String event, java.util.function.Predicate<JsonNode> state) {
        return awaitPresence(0, name, event, state);
    }

    /** The first presence callback at index {@code from} or later of the events seen. */
    private JsonNode awaitPresence(int from, String name, String event, java.util.function.Predicate<JsonNode> state) {
        return node.await(from, e -> e.path("ev").asText().equals("presence") && e.path("name").asText().equals(name)
                && e.path("event").asText().equals(event) && state.test(e.path("state")), Duration.ofSeconds(60));
    }

    private static java.util.Set<String> keys(JsonNode state) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        state.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void shouldShowWhoWatchesAcrossGatewaysAndDropTheClientsOfAKilledGateway() throws Exception {
        long r = RESTAURANTS.incrementAndGet();
        String deals = "restaurant:" + r + ":deals";
        try (GatewayProcess three = GatewayProcess.start(stack.kafkaBootstrap(), SETTINGS,
                Path.of("target", "gateway-process-" + r + ".log"))) {
            String s = "staff" + r;
            node.connect(s, one.realtimeUrl(), staff(r), "2.0.0");
            node.subscribed(s, s, deals, null, presence("sync"), presence("join"), presence("leave"));
            awaitPresence(s, "sync", state -> state.isObject() && state.isEmpty());

            String c7 = "c7-" + r;
            node.connect(c7, three.realtimeUrl(), customer(7), "2.0.0");
            node.subscribed(c7, c7, deals, null);
            assertThat(node.track(c7, c7, json("{\"deal_id\":5}"))).isEqualTo("ok");
            String c8 = "c8-" + r;
            node.connect(c8, two.realtimeUrl(), customer(8), "1.0.0");
            node.subscribed(c8, c8, deals, null);
            assertThat(node.track(c8, c8, json("{\"deal_id\":6}"))).isEqualTo("ok");

            JsonNode joined = awaitPresence(s, "sync", state -> keys(state).equals(java.util.Set.of("7", "8")));
            assertThat(joined.path("state").path("7").get(0).path("deal_id").asInt()).isEqualTo(5);
            assertThat(joined.path("state").path("7").get(0).path("presence_ref").asText()).isNotEmpty();
            assertThat(joined.path("state").path("8").get(0).path("deal_id").asInt()).isEqualTo(6);
            JsonNode join7 = awaitPresence(s, "join", state -> true);
            assertThat(join7.path("payload").path("event").asText()).isEqualTo("join");

            // a staff member on the other gateway who joins later gets the whole state at once
            String late = "late" + r;
            node.connect(late, two.realtimeUrl(), staff(r), "1.0.0");
            node.subscribed(late, late, deals, null, presence("sync"), presence("leave"));
            awaitPresence(late, "sync", state -> keys(state).equals(java.util.Set.of("7", "8")));

            three.kill();
            // realtime-js calls leave before it drops the key (its metas are empty then), then sync
            JsonNode leave = awaitPresence(s, "leave", state -> true);
            assertThat(leave.path("payload").path("key").asText()).isEqualTo("7");
            assertThat(leave.path("payload").path("leftPresences").get(0).path("deal_id").asInt()).isEqualTo(5);
            awaitPresence(s, "sync", state -> keys(state).equals(java.util.Set.of("8")));
            awaitPresence(late, "leave", state -> true);
            awaitPresence(late, "sync", state -> keys(state).equals(java.util.Set.of("8")));
            ObjectNode disconnect = NodeRealtimeClient.command("disconnect");
            disconnect.put("client", c7);
            node.call(disconnect, WAIT);

            int mark = node.size();
            assertThat(node.untrack(c8, c8)).isEqualTo("ok");
            node.await(mark, e -> e.path("ev").asText().equals("presence") && e.path("name").asText().equals(s)
                    && e.path("event").asText().equals("leave") && e.path("payload").path("key").asText().equals("8"), WAIT);
            awaitPresence(mark, s, "sync", state -> state.isEmpty());
            awaitPresence(mark, late, "sync", state -> state.isEmpty());
        }
    }
}
