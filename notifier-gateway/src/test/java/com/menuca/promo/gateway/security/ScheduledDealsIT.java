package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.testing.Fixtures;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.SupabaseTokens;
import com.menuca.promo.gateway.testing.TestGateway;
import com.menuca.promo.gateway.testing.TestSocket;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding 11: a deal that is switched on but has not started (scheduled) is not public. Anonymous
 * and plain signed-in clients on a restaurant's deals channel, subscribed as the platform's
 * customer app is (postgres_changes on the restaurant's deals plus its broadcasts), see a scheduled
 * deal only once it starts, and on the channel only {@code deal_published}; the restaurant's staff
 * see everything. Each deal finally starts (a change everyone sees), which is each client's barrier.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledDealsIT {
    private static final long R = 7301;
    private static final String TOPIC = "realtime:restaurant:" + R + ":deals";
    private static final String JOIN = "{\"config\":{\"postgres_changes\":[{\"event\":\"*\",\"schema\":\"menuca_v3\","
            + "\"table\":\"promotional_deals\",\"filter\":\"restaurant_id=eq." + R + "\"}]}}";

    private GatewayStack stack;
    private TestGateway gateway;

    @BeforeAll
    void start() throws Exception {
        stack = GatewayStack.shared();
        gateway = stack.gateway(SecuritySuite.withSecret(), true);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aScheduledDealIsPublicOnlyOnceItStarts() throws Exception {
        String signedIn = SupabaseTokens.hs256(SecuritySuite.SECRET, SupabaseTokens.user("https://p.supabase.co/auth/v1",
                Map.of(), Duration.ofHours(1)));
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("anon", SecuritySuite.anon());
        tokens.put("signed-in user", signedIn);
        tokens.put("staff", SecuritySuite.staff(R));
        Map<String, TestSocket> sockets = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                TestSocket socket = TestSocket.connect(gateway.httpUrl(), token.getValue(), "2.0.0");
                sockets.put(token.getKey(), socket);
                JsonNode reply = socket.join(TOPIC, "1", JOIN);
                assertThat(reply.path("status").asText()).as("%s joins the deals channel: %s", token.getKey(), reply)
                        .isEqualTo("ok");
            }
            long scheduled = stack.sql(Fixtures.dealInsert(R, "scheduled-tomorrow", true, "scheduled", "now() + interval '1 day'"));
            long startsLater = stack.sql(Fixtures.dealInsert(R, "active-in-an-hour", true, "active", "now() + interval '1 hour'"));
            stack.sql("UPDATE menuca_v3.promotional_deals SET title = 'scheduled, renamed' WHERE id = " + scheduled);
            publish(DerivedEventType.DEAL_STATUS_CHANGED, scheduled, "status-" + scheduled);
            publish(DerivedEventType.DEAL_PUBLISHED, scheduled, "published-" + scheduled);
            stack.sql("UPDATE menuca_v3.promotional_deals SET starts_at = now() - interval '1 minute' WHERE id IN ("
                    + scheduled + ", " + startsLater + ")");

            Map<Long, List<String>> publicView = Map.of(scheduled, List.of("INSERT"), startsLater, List.of("INSERT"));
            for (String who : List.of("anon", "signed-in user")) {
                TestSocket socket = sockets.get(who);
                assertThat(awaitTypes(socket, publicView)).as("%s: what it saw of the two deals", who).isEqualTo(publicView);
                awaitBroadcast(socket, "deal_published");
                List<String> events = socket.broadcasts(TOPIC).stream().map(TestSocket.Broadcast::event).toList();
                assertThat(events).as("%s: broadcasts on the deals channel", who).containsExactly("deal_published");
                for (JsonNode change : socket.payloads(TOPIC, "postgres_changes")) {
                    JsonNode record = change.path("data").path("record");
                    assertThat(Instant.parse(record.path("starts_at").asText())).as("%s received %s", who, record)
                            .isBefore(Instant.now());
                }
            }
            Map<Long, List<String>> staffView = Map.of(scheduled, List.of("INSERT", "UPDATE", "UPDATE"),
                    startsLater, List.of("INSERT", "UPDATE"));
            TestSocket staff = sockets.get("staff");
            assertThat(awaitTypes(staff, staffView)).isEqualTo(staffView);
            awaitBroadcast(staff, "deal_published");
            assertThat(staff.broadcasts(TOPIC).stream().map(TestSocket.Broadcast::event).toList())
                    .containsExactlyInAnyOrder("deal_status_changed", "deal_published");
        } finally {
            sockets.values().forEach(TestSocket::close);
        }
    }

    private void publish(DerivedEventType type, long deal, String eventId) throws Exception {
        DerivedEvent event = Fixtures.event(type, R, null, deal, eventId);
        stack.publish(DerivedTopics.DEAL_LIFECYCLE, event.key(), event);
    }

    /** Waits for a broadcast of this event on the deals channel (text or binary frame). */
    private static void awaitBroadcast(TestSocket socket, String event) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (socket.broadcasts(TOPIC).stream().noneMatch(b -> b.event().equals(event))) {
            assertThat(Instant.now()).as("a %s broadcast within 30 s", event).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    /** Waits until the socket's change types per deal equal {@code expected} (or a minute passes); returns them. */
    private static Map<Long, List<String>> awaitTypes(TestSocket socket, Map<Long, List<String>> expected)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        Map<Long, List<String>> types = types(socket, expected);
        while (!types.equals(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            types = types(socket, expected);
        }
        return types;
    }

    private static Map<Long, List<String>> types(TestSocket socket, Map<Long, List<String>> of) {
        Map<Long, List<String>> types = new LinkedHashMap<>();
        for (JsonNode change : socket.payloads(TOPIC, "postgres_changes")) {
            JsonNode data = change.path("data");
            JsonNode row = data.path("type").asText().equals("DELETE") ? data.path("old_record") : data.path("record");
            long id = row.path("id").asLong();
            if (of.containsKey(id)) {
                types.computeIfAbsent(id, k -> new ArrayList<>()).add(data.path("type").asText());
            }
        }
        return types;
    }
}
