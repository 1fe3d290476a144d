package com.menuca.promo.harness.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.testing.GatewayProcess;
import com.menuca.promo.harness.platform.SupabaseJs.Flavour;
import com.menuca.promo.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Presence and broadcast through the latest supabase-js (2.119.2 on Node 22), unchanged, against two
 * real gateways sharing one Kafka: {@code promo dev}'s own (the first) and a second in a JVM of its
 * own ({@link GatewayProcess}, as {@code GatewayClusterIT} runs one), both with the project's
 * publishable key. Every user's client is created with the publishable key (a signed-in user adds
 * their session token), a backend with the service role key, as a Supabase project's are. The
 * assertions are what the app's callbacks and awaited calls are given. The second gateway is killed
 * with SIGKILL by the presence test, so that one runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupabaseJsPresenceBroadcastIT {
    private static final long ROOM_R = 9201;
    private static final long HTTP_R = 9202;
    private static final long PRESENCE_R = 9203;
    private static final long CUSTOMER_A = 9701;
    private static final long CUSTOMER_B = 9702;
    private static final Duration WAIT = SupabaseJs.WAIT;

    private PromoDev dev;
    private GatewayProcess second;
    private SupabaseJs js;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        dev = PromoDev.shared();
        // the second gateway as promo dev's is configured (its publishable key, the dev secret, the built-in policy);
        // a presence timeout short enough that its clients leave soon after it is killed, long enough to outlast
        // twice over a pause seen on a loaded machine (a heartbeat 4.7 s late at start-up) so they never leave before
        second = GatewayProcess.start(dev.stack().kafkaBootstrap(), Map.of(
                "gateway.publishable.keys", PromoDev.PUBLISHABLE_KEY, "gateway.presence.timeout", "10s"),
                Path.of("target", "supabase-js-second-gateway.log"));
        js = SupabaseJs.start(Flavour.LATEST);
    }

    @AfterAll
    void stop() throws Exception {
        if (js != null) {
            js.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private String first() {
        return dev.stack().httpUrl();
    }

    private String second() {
        return second.httpUrl();
    }

    private void connect(String client, String url, PlatformUsers user) {
        js.client(client, url, user.key(), user.accessToken());
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode broadcastConfig(boolean self, boolean ack) {
        return json("{\"broadcast\":{\"self\":" + self + ",\"ack\":" + ack + "}}");
    }

    /** {@code channel.send({ type: 'broadcast', event, payload })} as the app awaits it. */
    private JsonNode send(String client, String name, String event, ObjectNode payload) {
        ObjectNode message = Json.mapper().createObjectNode().put("type", "broadcast").put("event", event);
        message.set("payload", payload);
        return js.call(client, name, "send", message);
    }

    /** Waits for the subscribe callback's SUBSCRIBED (after any TIMED_OUT a loaded machine may cause first). */
    private void awaitSubscribed(String client, String name) {
        JsonNode status = awaitFirst(() -> js.subscriptionStatuses(client, name),
                e -> !e.path("status").asText().equals("TIMED_OUT"));
        assertThat(status.path("status").asText()).as("%s/%s: %s", client, name, status).isEqualTo("SUBSCRIBED");
    }

    private JsonNode awaitStatus(String client, String name) {
        return awaitFirst(() -> js.subscriptionStatuses(client, name), e -> !e.path("status").asText().equals("TIMED_OUT"));
    }

    /** The first of {@code events} (re-read until it appears) that matches. */
    private static JsonNode awaitFirst(Supplier<List<JsonNode>> events, Predicate<JsonNode> match) {
        try {
            return await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> events.get().stream().filter(match).findFirst().orElse(null), Objects::nonNull);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not seen within " + WAIT.toSeconds() + " s; seen: " + events.get(), e);
        }
    }

    /** The broadcast callback's message for {@code event}: {@code {type, event, payload, meta...}}. */
    private JsonNode awaitBroadcast(String client, String name, String event) {
        return awaitFirst(() -> js.broadcasts(client, name), e -> e.path("message").path("event").asText().equals(event))
                .path("message");
    }

    private List<String> broadcastEvents(String client, String name) {
        return js.broadcasts(client, name).stream().map(e -> e.path("message").path("event").asText()).toList();
    }

    @Test
    @Order(1)
    void clientBroadcastsReachTheOtherGatewayWithSelfAndAckAndThePolicyRefusesTheRest() {
        String room = "restaurant:" + ROOM_R + ":staff";
        connect("room-a", first(), PlatformUsers.staff(ROOM_R));
        connect("room-b", second(), PlatformUsers.staff(ROOM_R));
        js.subscribeWith("room-a", "room", room, broadcastConfig(true, true), SupabaseJs.broadcast("shift"),
                SupabaseJs.broadcast("quiet"), SupabaseJs.broadcast("done"));
        js.subscribeWith("room-b", "room", room, broadcastConfig(false, true), SupabaseJs.broadcast("shift"),
                SupabaseJs.broadcast("quiet"), SupabaseJs.broadcast("done"));
        awaitSubscribed("room-a", "room");
        awaitSubscribed("room-b", "room");

        assertThat(send("room-a", "room", "shift", json("{\"who\":\"ann\",\"n\":1}")).path("value").asText())
                .as("ack: true resolves once the gateway has it").isEqualTo("ok");
        JsonNode shift = awaitBroadcast("room-b", "room", "shift");
        assertThat(shift.path("type").asText()).isEqualTo("broadcast");
        assertThat(shift.path("payload")).as("on the other gateway").isEqualTo(json("{\"who\":\"ann\",\"n\":1}"));
        assertThat(awaitBroadcast("room-a", "room", "shift").path("payload").path("who").asText())
                .as("self: true, the sender gets its own").isEqualTo("ann");

        assertThat(send("room-b", "room", "quiet", json("{\"n\":2}")).path("value").asText()).isEqualTo("ok");
        assertThat(awaitBroadcast("room-a", "room", "quiet").path("payload").path("n").asInt()).isEqualTo(2);

        // the policy: a customer may join a restaurant's deals (and track there) but not broadcast on them
        String deals = "restaurant:" + ROOM_R + ":deals";
        connect("room-customer", first(), PlatformUsers.customer(CUSTOMER_A));
        js.subscribeWith("room-customer", "deals", deals, broadcastConfig(false, true));
        awaitSubscribed("room-customer", "deals");
        // the operator's client on the other gateway reads every broadcast there: it would get a forged one
        connect("room-operator", second(), PlatformUsers.operator());
        js.subscribeWith("room-operator", "deals", deals, broadcastConfig(true, true), SupabaseJs.broadcast("deal_published"),
                SupabaseJs.broadcast("done"));
        awaitSubscribed("room-operator", "deals");
        assertThat(send("room-customer", "deals", "deal_published", json("{\"fake\":true}")).path("value").asText())
                .as("what send() resolves to when the gateway refuses it").isEqualTo("error");
        // and an anonymous client (the publishable key alone) may not even join the staff room
        connect("room-anon", first(), PlatformUsers.anonymous());
        js.subscribeWith("room-anon", "room", room, broadcastConfig(false, true), SupabaseJs.broadcast("shift"));
        JsonNode refused = awaitStatus("room-anon", "room");
        assertThat(refused.path("status").asText()).isEqualTo("CHANNEL_ERROR");
        assertThat(refused.path("error").asText()).as("the error the subscribe callback gets").startsWith("Unauthorized");

        // barrier: sent after everything above, on both channels; once it is in, nothing else is coming
        assertThat(send("room-a", "room", "done", json("{}")).path("value").asText()).isEqualTo("ok");
        assertThat(send("room-operator", "deals", "done", json("{}")).path("value").asText()).isEqualTo("ok");
        awaitBroadcast("room-b", "room", "done");
        awaitBroadcast("room-a", "room", "done");
        awaitBroadcast("room-operator", "deals", "done");
        assertThat(broadcastEvents("room-b", "room")).as("self: false, the sender of quiet never gets its own")
                .containsExactly("shift", "done");
        assertThat(broadcastEvents("room-a", "room")).containsExactly("shift", "quiet", "done");
        assertThat(broadcastEvents("room-operator", "deals")).as("the refused broadcast went nowhere").containsExactly("done");
        assertThat(js.broadcasts("room-anon", "room")).isEmpty();
    }

    private HttpResponse<String> postBroadcast(String gateway, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway + "/realtime/v1/api/broadcast"))
                .header("apikey", key).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(2)
    void httpBroadcastsOfABackendReachASupabaseJsClientOnTheOtherGatewayAndThePolicyRefusesTheRest() throws Exception {
        String room = "restaurant:" + HTTP_R + ":staff";
        connect("http-staff", first(), PlatformUsers.staff(HTTP_R));
        js.subscribeWith("http-staff", "room", room, null, SupabaseJs.broadcast("announce"), SupabaseJs.broadcast("relay"),
                SupabaseJs.broadcast("shift"), SupabaseJs.broadcast("done"));
        awaitSubscribed("http-staff", "room");
        String serviceKey = PlatformUsers.operator().key();

        // a backend posting as Supabase's docs show it (curl), to the other gateway
        HttpResponse<String> posted = postBroadcast(second(), serviceKey, "{\"messages\":[{\"topic\":\"" + room
                + "\",\"event\":\"announce\",\"payload\":{\"text\":\"kitchen closes at 10\"},\"id\":\"m-1\"}]}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        JsonNode announce = awaitBroadcast("http-staff", "room", "announce");
        assertThat(announce.path("payload")).isEqualTo(json("{\"text\":\"kitchen closes at 10\"}"));
        assertThat(announce.path("meta").path("id").asText()).isEqualTo("m-1");

        // a backend with supabase-js and the service role key, never subscribed: httpSend(), and send()'s REST fallback
        connect("http-backend", second(), PlatformUsers.operator());
        JsonNode httpSend = js.callUnsubscribed("http-backend", "room", room, null, "httpSend", "relay", json("{\"deal_id\":5}"));
        assertThat(httpSend.path("value")).as("%s", httpSend).isEqualTo(json("{\"success\":true}"));
        assertThat(awaitBroadcast("http-staff", "room", "relay").path("payload").path("deal_id").asInt()).isEqualTo(5);
        ObjectNode shift = Json.mapper().createObjectNode().put("type", "broadcast").put("event", "shift");
        shift.putObject("payload").put("who", "bob");
        assertThat(js.callUnsubscribed("http-backend", "room", room, null, "send", shift).path("value").asText()).isEqualTo("ok");
        assertThat(awaitBroadcast("http-staff", "room", "shift").path("payload").path("who").asText()).isEqualTo("bob");

        // the policy: the publishable key alone (a browser's) may not broadcast, over HTTP either
        connect("http-anon", second(), PlatformUsers.anonymous());
        JsonNode refused = js.callUnsubscribed("http-anon", "room", room, null, "httpSend", "relay", json("{\"forged\":true}"));
        assertThat(refused.path("rejected").asText()).as("httpSend() rejects with the gateway's message: %s", refused)
                .isEqualTo("Unauthorized: role 'anon' may not broadcast on channel '" + room + "'");
        assertThat(js.callUnsubscribed("http-anon", "room", room, null, "send", shift).path("value").asText())
                .as("send()'s REST fallback resolves 'error'").isEqualTo("error");
        HttpResponse<String> forbidden = postBroadcast(second(), PromoDev.PUBLISHABLE_KEY, "{\"messages\":[{\"topic\":\""
                + room + "\",\"event\":\"shift\",\"payload\":{}}]}");
        assertThat(forbidden.statusCode()).as(forbidden.body()).isEqualTo(403);

        // barrier: none of the refused ones arrived
        assertThat(postBroadcast(second(), serviceKey, "{\"messages\":[{\"topic\":\"" + room
                + "\",\"event\":\"done\",\"payload\":{}}]}").statusCode()).isEqualTo(202);
        awaitBroadcast("http-staff", "room", "done");
        assertThat(broadcastEvents("http-staff", "room")).containsExactly("announce", "relay", "shift", "done");
    }

    /** The first presence callback {@code event} of a subscription at index {@code from} or later that matches. */
    private JsonNode awaitPresence(String client, String name, int from, String event, Predicate<JsonNode> match) {
        return awaitFirst(() -> {
            List<JsonNode> all = js.presences(client, name);
            return all.subList(Math.min(from, all.size()), all.size());
        }, e -> e.path("event").asText().equals(event) && match.test(e));
    }

    private int presenceMark(String client, String name) {
        return js.presences(client, name).size();
    }

    private static Set<String> keys(JsonNode state) {
        Set<String> keys = new TreeSet<>();
        state.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The one presence listed under {@code key}, without its presence_ref (asserted present). */
    private static JsonNode onlyMeta(JsonNode state, String key) {
        assertThat(state.path(key)).as("one presence under %s: %s", key, state).hasSize(1);
        ObjectNode meta = ((ObjectNode) state.path(key).get(0)).deepCopy();
        assertThat(meta.path("presence_ref").asText()).as("presence_ref of %s", key).isNotEmpty();
        meta.remove("presence_ref");
        return meta;
    }

    @Test
    @Order(3)
    void presenceIsSharedAcrossGatewaysAndTheClientsOfAKilledGatewayLeave() throws Exception {
        String deals = "restaurant:" + PRESENCE_R + ":deals";
        String a = String.valueOf(CUSTOMER_A);
        String b = String.valueOf(CUSTOMER_B);
        // restaurant staff on each gateway: who watches their deals right now
        connect("staff-1", first(), PlatformUsers.staff(PRESENCE_R));
        connect("staff-2", second(), PlatformUsers.staff(PRESENCE_R));
        for (String staff : List.of("staff-1", "staff-2")) {
            js.subscribeWith(staff, "watchers", deals, null, SupabaseJs.presence("sync"), SupabaseJs.presence("join"),
                    SupabaseJs.presence("leave"));
            awaitSubscribed(staff, "watchers");
            JsonNode sync = awaitPresence(staff, "watchers", 0, "sync", e -> true);
            assertThat(sync.path("state")).as("%s: nobody yet", staff).isEqualTo(json("{}"));
        }

        // a customer on each gateway looks at a deal
        connect("customer-a", first(), PlatformUsers.customer(CUSTOMER_A));
        connect("customer-b", second(), PlatformUsers.customer(CUSTOMER_B));
        for (String customer : List.of("customer-a", "customer-b")) {
            js.subscribeWith(customer, "deals", deals, null);
            awaitSubscribed(customer, "deals");
        }
        assertThat(js.call("customer-a", "deals", "track", json("{\"deal_id\":5,\"title\":\"Two pizzas for one\"}"))
                .path("value").asText()).as("track() once every gateway will list it").isEqualTo("ok");
        assertThat(js.call("customer-b", "deals", "track", json("{\"deal_id\":6}")).path("value").asText()).isEqualTo("ok");

        for (String staff : List.of("staff-1", "staff-2")) {
            JsonNode both = awaitPresence(staff, "watchers", 0, "sync", e -> keys(e.path("state")).equals(Set.of(a, b)));
            // listed under the customer's id (the policy's presence_key), with what they tracked
            assertThat(onlyMeta(both.path("state"), a)).isEqualTo(json("{\"deal_id\":5,\"title\":\"Two pizzas for one\"}"));
            assertThat(onlyMeta(both.path("state"), b)).isEqualTo(json("{\"deal_id\":6}"));
            for (String key : List.of(a, b)) {
                JsonNode join = awaitPresence(staff, "watchers", 0, "join", e -> e.path("payload").path("key").asText().equals(key));
                assertThat(join.path("payload").path("event").asText()).isEqualTo("join");
                assertThat(join.path("payload").path("currentPresences")).as("%s: new", key).isEmpty();
                assertThat(join.path("payload").path("newPresences")).hasSize(1);
                assertThat(join.path("payload").path("newPresences").get(0).path("deal_id").asInt())
                        .isEqualTo(key.equals(a) ? 5 : 6);
            }
        }
        // js.call returns presenceState() as the app reads it, outside a callback too
        assertThat(keys(js.call("staff-2", "watchers", "presenceState").path("value"))).isEqualTo(Set.of(a, b));

        // tracking again replaces the customer's presence (one per client and channel)
        int beforeRetrack1 = presenceMark("staff-1", "watchers");
        int beforeRetrack2 = presenceMark("staff-2", "watchers");
        assertThat(js.call("customer-a", "deals", "track", json("{\"deal_id\":7}")).path("value").asText()).isEqualTo("ok");
        for (String staff : List.of("staff-1", "staff-2")) {
            JsonNode retracked = awaitPresence(staff, "watchers", staff.equals("staff-1") ? beforeRetrack1 : beforeRetrack2,
                    "sync", e -> e.path("state").path(a).path(0).path("deal_id").asInt() == 7);
            assertThat(onlyMeta(retracked.path("state"), a)).isEqualTo(json("{\"deal_id\":7}"));
            assertThat(keys(retracked.path("state"))).isEqualTo(Set.of(a, b));
        }

        // untrack(): the customer leaves on both gateways
        int beforeUntrack1 = presenceMark("staff-1", "watchers");
        int beforeUntrack2 = presenceMark("staff-2", "watchers");
        assertThat(js.call("customer-a", "deals", "untrack").path("value").asText()).isEqualTo("ok");
        for (String staff : List.of("staff-1", "staff-2")) {
            int from = staff.equals("staff-1") ? beforeUntrack1 : beforeUntrack2;
            JsonNode leave = awaitPresence(staff, "watchers", from, "leave", e -> e.path("payload").path("key").asText().equals(a));
            assertThat(leave.path("payload").path("event").asText()).isEqualTo("leave");
            assertThat(leave.path("payload").path("leftPresences")).hasSize(1);
            assertThat(leave.path("payload").path("leftPresences").get(0).path("deal_id").asInt()).isEqualTo(7);
            assertThat(leave.path("payload").path("currentPresences")).isEmpty();
            awaitPresence(staff, "watchers", from, "sync", e -> keys(e.path("state")).equals(Set.of(b)));
        }

        // the policy: the publishable key alone may not see who watches (refused at join, as supabase-js shows it)
        connect("presence-anon", first(), PlatformUsers.anonymous());
        js.subscribeWith("presence-anon", "watchers", deals, null, SupabaseJs.presence("sync"));
        JsonNode refused = awaitStatus("presence-anon", "watchers");
        assertThat(refused.path("status").asText()).isEqualTo("CHANNEL_ERROR");
        assertThat(refused.path("error").asText()).isEqualTo("Unauthorized: role 'anon' may not see presence on channel '"
                + deals + "'");
        // staff may see who watches but not track there; a customer may not pose as another
        assertThat(js.call("staff-1", "watchers", "track", json("{}")).path("value").asText()).isEqualTo("error");
        // (a client of its own: supabase-js gives one client one channel per name, whatever the config)
        connect("customer-posing", first(), PlatformUsers.customer(CUSTOMER_A));
        js.subscribeWith("customer-posing", "deals", deals, json("{\"presence\":{\"key\":\"" + b + "\"}}"));
        awaitSubscribed("customer-posing", "deals");
        assertThat(js.call("customer-posing", "deals", "track", json("{\"deal_id\":1}")).path("value").asText())
                .isEqualTo("error");

        // kill -9 of the second gateway: its customer leaves for the staff on the first once its heartbeats stop
        int beforeKill = presenceMark("staff-1", "watchers");
        second.kill();
        JsonNode gone = awaitPresence("staff-1", "watchers", beforeKill, "leave",
                e -> e.path("payload").path("key").asText().equals(b));
        assertThat(gone.path("payload").path("leftPresences").get(0).path("deal_id").asInt()).isEqualTo(6);
        JsonNode empty = awaitPresence("staff-1", "watchers", beforeKill, "sync", e -> e.path("state").isEmpty());
        assertThat(empty.path("state")).isEqualTo(json("{}"));
        // and nothing the refused ones tried ever showed (every sync since the untrack lists customer b only or nobody)
        assertThat(js.presences("staff-1", "watchers").subList(beforeUntrack1, presenceMark("staff-1", "watchers")))
                .filteredOn(e -> e.path("event").asText().equals("sync"))
                .allSatisfy(e -> assertThat(keys(e.path("state"))).isSubsetOf(Set.of(b)));
        for (String client : List.of("staff-2", "customer-b")) {
            js.disconnect(client); // their gateway is gone: no reconnecting in the background
        }
    }
}
