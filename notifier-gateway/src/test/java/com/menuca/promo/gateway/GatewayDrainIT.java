package com.menuca.promo.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.Fixtures;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.TestGateway;
import com.menuca.promo.gateway.testing.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A gateway that stops (what SIGTERM does: {@link Gateway#close}) drains: every client gets close 1001
 * (going away), spread over {@code gateway.drain.period}, and reconnecting to another instance with its
 * last position gets exactly what it missed while it moved.
 */
class GatewayDrainIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long RESTAURANT = 71;
    private static final String BINDINGS = "[{\"event\":\"INSERT\",\"schema\":\"menuca_v3\",\"table\":\"coupon_usage_log\","
            + "\"filter\":\"restaurant_id=eq." + RESTAURANT + "\"}]";
    private static final int CLIENTS = 4;

    @Test
    void shouldCloseEveryClientWithGoingAwayAndLetItResumeOnAnotherInstance() throws Exception {
        try (GatewayStack stack = GatewayStack.start(Map.of(GatewayConfig.DRAIN_PERIOD.key(), "1s"));
             TestGateway other = stack.gateway(Map.of(), false)) {
            long coupon = stack.sql(Fixtures.couponInsert(RESTAURANT, "DRAIN"));
            List<TestSocket> clients = new ArrayList<>();
            List<String> positions = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    TestSocket client = TestSocket.connect(stack.httpUrl(), staff(), "2.0.0");
                    client.send(join("1", "realtime:drain", BINDINGS, null));
                    assertThat(reply(client, "1").path("status").asText()).isEqualTo("ok");
                    clients.add(client);
                }
                long first = stack.sql(Fixtures.usageInsert(coupon, RESTAURANT, 1, "1.00"));
                for (TestSocket client : clients) {
                    JsonNode change = client.await(f -> f.get(3).asText().equals("postgres_changes"), WAIT).get(4);
                    assertThat(change.path("data").path("record").path("id").asLong()).isEqualTo(first);
                    positions.add(change.path("position").asText());
                }

                CompletableFuture<Void> stopped = CompletableFuture.runAsync(stack::stopGateway);
                for (TestSocket client : clients) {
                    assertThat(client.awaitClose(WAIT)).as("close frame of a draining gateway").startsWith("1001 ");
                }
                stopped.get();
            } finally {
                clients.forEach(TestSocket::close);
            }

            // written while the clients move: they are in Kafka (the other gateway sees them) before anyone resumes
            List<Long> missed = List.of(stack.sql(Fixtures.usageInsert(coupon, RESTAURANT, 2, "1.00")),
                    stack.sql(Fixtures.usageInsert(coupon, RESTAURANT, 3, "1.00")));
            try (TestSocket observer = TestSocket.connect(other.httpUrl(), staff(), "2.0.0")) {
                observer.send(join("1", "realtime:observer", BINDINGS, null));
                reply(observer, "1");
                long third = stack.sql(Fixtures.usageInsert(coupon, RESTAURANT, 4, "1.00"));
                await().atMost(WAIT).until(() -> changes(observer).contains(third));
                missed = List.of(missed.get(0), missed.get(1), third);
            }

            for (String position : positions) {
                try (TestSocket resumed = TestSocket.connect(other.httpUrl(), staff(), "2.0.0")) {
                    resumed.send(join("1", "realtime:drain", BINDINGS, position));
                    JsonNode reply = reply(resumed, "1");
                    assertThat(reply.path("status").asText()).isEqualTo("ok");
                    assertThat(reply.path("response").path("replaying").asLong()).isPositive();
                    List<Long> expected = missed;
                    await().atMost(WAIT).until(() -> changes(resumed).size() >= expected.size());
                    // a sentinel after the replay: nothing else (no duplicate, nothing from before the position) came
                    long sentinel = stack.sql(Fixtures.usageInsert(coupon, RESTAURANT, 5, "1.00"));
                    await().atMost(WAIT).until(() -> changes(resumed).contains(sentinel));
                    // rows of different partitions may come in any order; each exactly once
                    assertThat(changes(resumed)).as("exactly what was missed, and the sentinel")
                            .containsExactlyInAnyOrderElementsOf(concat(expected, sentinel));
                    missed = concat(expected, sentinel);
                }
            }
        }
    }

    private static List<Long> concat(List<Long> list, long last) {
        List<Long> all = new ArrayList<>(list);
        all.add(last);
        return all;
    }

    private static List<Long> changes(TestSocket socket) {
        return socket.payloads("postgres_changes").stream().map(p -> p.path("data").path("record").path("id").asLong()).toList();
    }

    private static JsonNode reply(TestSocket socket, String ref) {
        return socket.await(f -> f.isArray() && f.get(3).asText().equals("phx_reply") && f.get(1).asText().equals(ref), WAIT).get(4);
    }

    private static String staff() {
        return DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(RESTAURANT), null, Duration.ofHours(1));
    }

    private static String join(String ref, String topic, String bindingsJson, String resumePosition) {
        String resume = resumePosition == null ? "" : ",\"resume\":{\"position\":\"" + resumePosition + "\"}";
        return "[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_join\",{\"config\":{\"postgres_changes\":"
                + bindingsJson + resume + "}}]";
    }
}
