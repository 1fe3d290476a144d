package com.menuca.promo.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.TestSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway's edges with a raw WebSocket client: malformed input, limits, slow clients, the
 * upgrade's refusals, heartbeats and the RPC. The server must stay up and other clients unaffected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayProtocolIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SEND_QUEUE = 1_000;
    private static final int MAX_FRAME = 4096;

    private GatewayStack stack;

    @BeforeAll
    void startStack() throws Exception {
        stack = GatewayStack.start(Map.of(
                GatewayConfig.SEND_QUEUE_FRAMES.key(), String.valueOf(SEND_QUEUE),
                GatewayConfig.MAX_FRAME_BYTES.key(), String.valueOf(MAX_FRAME),
                GatewayConfig.MAX_CONNECTIONS_PER_TOKEN.key(), "40",
                GatewayConfig.MESSAGES_PER_SECOND.key(), "1000"));
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String staff(long... restaurants) {
        return DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff",
                java.util.Arrays.stream(restaurants).boxed().toList(), null, Duration.ofHours(1));
    }

    private static String join(String ref, String topic, String bindingsJson) {
        return "[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_join\",{\"config\":{\"postgres_changes\":"
                + bindingsJson + "}}]";
    }

    private static boolean replyTo(JsonNode frame, String ref) {
        return frame.isArray() && frame.get(3).asText().equals("phx_reply") && frame.get(1).asText().equals(ref);
    }

    @Test
    void shouldAnswerHeartbeatsAndEchoBindingsWithIds() throws Exception {
        try (TestSocket socket = TestSocket.connect(stack.httpUrl(), staff(1), "2.0.0")) {
            socket.send("[null,\"1\",\"phoenix\",\"heartbeat\",{}]");
            JsonNode heartbeat = socket.await(f -> replyTo(f, "1"), WAIT);
            assertThat(heartbeat.toString()).isEqualTo("[null,\"1\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
            socket.send(join("2", "realtime:any-name", "[{\"event\":\"INSERT\",\"schema\":\"menuca_v3\","
                    + "\"table\":\"coupon_usage_log\",\"filter\":\"restaurant_id=eq.1\"},{\"event\":\"*\",\"schema\":\"menuca_v3\","
                    + "\"table\":\"promotional_deals\"}]"));
            JsonNode reply = socket.await(f -> replyTo(f, "2"), WAIT).get(4);
            assertThat(reply.path("status").asText()).isEqualTo("ok");
            JsonNode bindings = reply.path("response").path("postgres_changes");
            assertThat(bindings).hasSize(2);
            assertThat(bindings.get(0).path("filter").asText()).isEqualTo("restaurant_id=eq.1");
            assertThat(bindings.get(0).path("id").asInt()).isPositive();
            assertThat(bindings.get(1).has("filter")).as("no filter sent, none echoed").isFalse();
            assertThat(reply.path("response").path("position").asText()).isNotEmpty();
            JsonNode system = socket.await(f -> f.get(3).asText().equals("system"), WAIT).get(4);
            assertThat(system.path("message").asText()).isEqualTo("Subscribed to PostgreSQL");
            assertThat(system.path("extension").asText()).isEqualTo("postgres_changes");
        }
    }

    @Test
    void shouldRefuseBadTokensAndTooManyConnectionsAtTheUpgrade() throws Exception {
        assertHandshakeStatus(() -> TestSocket.connect(stack.httpUrl(), null, "2.0.0"), 401);
        assertHandshakeStatus(() -> TestSocket.connect(stack.httpUrl(), "not-a-jwt", "2.0.0"), 401);
        assertHandshakeStatus(() -> TestSocket.connect(stack.httpUrl(), DevTokens.mint("another-secret-of-at-least-32-bytes!!",
                "anon", List.of(), null, Duration.ofHours(1)), "2.0.0"), 401);
        assertHandshakeStatus(() -> TestSocket.connect(stack.httpUrl(), staff(1), "9.9.9"), 400);
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.httpUrl() + "/realtime/v1/websocket?vsn=2.0.0&apikey=bad")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"error\"").contains("malformed token");

        String limited = DevTokens.sign(DevTokens.DEV_SECRET, new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .subject("limited-user").claim("role", "anon").expirationTime(new java.util.Date(System.currentTimeMillis() + 3_600_000))
                .build());
        List<TestSocket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                open.add(TestSocket.connect(stack.httpUrl(), limited, "1.0.0"));
            }
            assertHandshakeStatus(() -> TestSocket.connect(stack.httpUrl(), limited, "1.0.0"), 429);
        } finally {
            open.forEach(TestSocket::close);
        }
    }

    private interface Connect {
        TestSocket open() throws Exception;
    }

    private static void assertHandshakeStatus(Connect connect, int status) {
        assertThatThrownBy(connect::open).satisfies(e -> {
            Throwable cause = e instanceof ExecutionException || e instanceof CompletionException ? e.getCause() : e;
            assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) cause).getResponse().statusCode()).isEqualTo(status);
        });
    }

    @Test
    void shouldAnswerOrCloseOnMalformedInputAndStayUpForOthers() throws Exception {
        try (TestSocket bystander = TestSocket.connect(stack.httpUrl(), staff(31), "2.0.0")) {
            bystander.send(join("1", "realtime:bystander", "[{\"event\":\"INSERT\",\"schema\":\"menuca_v3\","
                    + "\"table\":\"promotional_deals\",\"filter\":\"restaurant_id=eq.31\"}]"));
            bystander.await(f -> replyTo(f, "1"), WAIT);

            assertClosedWith("2.0.0", "garbage", s -> s.send("hello there"), "1007 invalid frame: invalid JSON");
            assertClosedWith("2.0.0", "object under 2.0.0", s -> s.send("{\"topic\":\"phoenix\"}"), "1007 invalid frame: vsn 2.0.0 expects a JSON array");
            assertClosedWith("1.0.0", "array under 1.0.0", s -> s.send("[null,null,\"phoenix\",\"heartbeat\",{}]"), "1007 invalid frame: vsn 1.0.0 expects a JSON object");
            assertClosedWith("2.0.0", "binary garbage", s -> s.sendBinary(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}), "1007 invalid frame: unknown binary frame kind 9");
            assertClosedWith("1.0.0", "binary under 1.0.0", s -> s.sendBinary(new byte[] {3, 0, 0, 0, 0, 0, 1}), "1007 invalid frame: binary frames need vsn=2.0.0");
            assertClosedWith("2.0.0", "oversize frame", s -> s.send("[null,\"1\",\"phoenix\",\"heartbeat\",{\"pad\":\""
                    + "x".repeat(MAX_FRAME) + "\"}]"), "1009");

            try (TestSocket socket = TestSocket.connect(stack.httpUrl(), staff(32), "2.0.0")) {
                socket.send("[null,\"5\",\"restaurant:32:deals\",\"phx_join\",{}]");
                assertThat(socket.await(f -> replyTo(f, "5"), WAIT).get(4).path("response").path("reason").asText())
                        .startsWith("InvalidTopic: topic 'restaurant:32:deals' must start with 'realtime:'");
                socket.send(join("6", "realtime:r32", "[]"));
                socket.await(f -> replyTo(f, "6"), WAIT);
                socket.send("[\"6\",\"7\",\"realtime:r32\",\"dance\",{}]");
                assertThat(socket.await(f -> replyTo(f, "7"), WAIT).get(4).path("response").path("reason").asText())
                        .startsWith("UnknownEvent: event 'dance'");
                socket.send("[\"6\",\"8\",\"realtime:r32\",\"broadcast\",{\"type\":\"broadcast\",\"event\":\"x\",\"payload\":{}}]");
                assertThat(socket.await(f -> replyTo(f, "8"), WAIT).get(4).path("response").path("reason").asText())
                        .startsWith("Unauthorized: role 'restaurant_staff' may not broadcast on channel 'r32'");
                socket.sendBinary(kind3("6", "9", "realtime:r32", "x", "{}"));
                assertThat(socket.await(f -> replyTo(f, "9"), WAIT).get(4).path("response").path("reason").asText())
                        .startsWith("Unauthorized: role 'restaurant_staff' may not broadcast");
                socket.send("[null,\"10\",\"realtime:never-joined\",\"access_token\",{\"access_token\":\"x\"}]");
                assertThat(socket.await(f -> replyTo(f, "10"), WAIT).get(4).path("response").path("reason").asText())
                        .startsWith("UnmatchedTopic");
                socket.send(join("11", "realtime:bad-join", "{\"not\":\"a list\"}"));
                assertThat(socket.await(f -> replyTo(f, "11"), WAIT).get(4).path("response").path("reason").asText())
                        .startsWith("InvalidJoinPayload");
                socket.send("[\"12\",\"12\",\"realtime:resume\",\"phx_join\",{\"config\":{\"resume\":{\"position\":\"%%%\"}}}]");
                assertThat(socket.await(f -> replyTo(f, "12"), WAIT).get(4).path("response").path("reason").asText())
                        .startsWith("InvalidResumePosition");
                socket.send("[null,\"13\",\"phoenix\",\"heartbeat\",{}]");
                socket.await(f -> replyTo(f, "13"), WAIT);
                assertThat(socket.isClosed()).as("error replies keep the socket open").isFalse();
            }

            long deal = stack.sql(GatewayRealClientIT.dealInsert(31, "Still here"));
            JsonNode change = bystander.await(f -> f.get(3).asText().equals("postgres_changes"), WAIT).get(4);
            assertThat(change.path("data").path("record").path("id").asLong()).isEqualTo(deal);
            assertThat(change.path("data").path("columns").get(0).toString()).isEqualTo("{\"name\":\"id\",\"type\":\"int8\"}");
            assertThat(change.path("position").asText()).isNotEmpty();
        }
    }

    private interface Send {
        void to(TestSocket socket) throws Exception;
    }

    private void assertClosedWith(String vsn, String what, Send send, String expected) throws Exception {
        try (TestSocket socket = TestSocket.connect(stack.httpUrl(), staff(33), vsn)) {
            send.to(socket);
            assertThat(socket.awaitClose(WAIT)).as(what).startsWith(expected);
        }
    }

    private static byte[] kind3(String joinRef, String ref, String topic, String event, String json) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {3, (byte) joinRef.length(), (byte) ref.length(), (byte) topic.length(),
            (byte) event.length(), 0, 1});
        for (String part : new String[] {joinRef, ref, topic, event, json}) {
            out.writeBytes(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void shouldCutOffASlowClientAtItsBoundWhileOthersKeepReceiving() throws Exception {
        long r = 41;
        String bindings = "[{\"event\":\"INSERT\",\"schema\":\"menuca_v3\",\"table\":\"promotional_deals\","
                + "\"filter\":\"restaurant_id=eq." + r + "\"}]";
        try (TestSocket slow = TestSocket.connect(stack.httpUrl(), staff(r), "2.0.0");
             TestSocket fast = TestSocket.connect(stack.httpUrl(), staff(r), "1.0.0")) {
            slow.send(join("1", "realtime:slow", bindings));
            slow.await(f -> replyTo(f, "1"), WAIT);
            fast.send("{\"topic\":\"realtime:fast\",\"event\":\"phx_join\",\"payload\":{\"config\":{\"postgres_changes\":"
                    + bindings + "}},\"ref\":\"1\",\"join_ref\":\"1\"}");
            fast.await(f -> f.path("event").asText().equals("phx_reply"), WAIT);
            slow.stopReading();

            // frames of ~20 KB in bursts of 100 (well under the bound for a reading client) until the slow
            // socket is cut: how many it takes depends on the kernel's socket buffers (autotuned, up to
            // tcp_rmem's maximum: 32 MiB on some machines), Netty's high watermark and the queue of 1,000 frames
            int maxRows = 8_000;
            int rows = 0;
            String description = "d".repeat(20_000);
            double cutBefore = tooSlowDisconnects();
            try (Connection c = stack.db(); PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, description, deal_type, discount_percent, is_active, status) "
                            + "SELECT ?, 'bulk ' || g, ?, 'percent', 5, true, 'active' FROM generate_series(1, ?) g")) {
                while (tooSlowDisconnects() == cutBefore) {
                    assertThat(rows).as("slow client disconnected for being too slow within %d rows", maxRows).isLessThan(maxRows);
                    insert.setLong(1, r);
                    insert.setString(2, description);
                    insert.setInt(3, 100);
                    insert.executeUpdate();
                    rows += 100;
                    awaitChanges(fast, rows);
                }
            }
            slow.resumeReading();
            assertThat(slow.awaitClose(WAIT)).as("the slow client's socket is closed").isNotEmpty();
            assertThat(slow.payloads("postgres_changes").size())
                    .as("the slow client got less than everything").isLessThan(rows);
        }
    }

    private double tooSlowDisconnects() {
        var counter = stack.registry().find("promo.gateway.disconnects").tag("reason", "too_slow").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void awaitChanges(TestSocket socket, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (socket.payloads("postgres_changes").size() < count) {
            assertThat(System.currentTimeMillis()).as("the reading client got %d rows", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void shouldReplayWhatAResumingClientMissedAndRefuseAPositionOlderThanRetention() throws Exception {
        long r = 61;
        String bindings = "[{\"event\":\"INSERT\",\"schema\":\"menuca_v3\",\"table\":\"coupon_usage_log\","
                + "\"filter\":\"restaurant_id=eq." + r + "\"}]";
        long coupon = stack.sql(GatewayRealClientIT.couponInsert(r, "R61"));
        String start;
        String afterFirst;
        try (TestSocket first = TestSocket.connect(stack.httpUrl(), staff(r), "2.0.0")) {
            first.send(join("1", "realtime:resume-61", bindings));
            start = first.await(f -> replyTo(f, "1"), WAIT).get(4).path("response").path("position").asText();
            stack.sql(GatewayRealClientIT.usageInsert(coupon, r, 1, "1.00"));
            afterFirst = first.await(f -> f.get(3).asText().equals("postgres_changes"), WAIT).get(4).path("position").asText();
        }
        long second;
        long third;
        // The missed rows must be in Kafka before the client comes back, or they simply arrive live.
        try (TestSocket observer = TestSocket.connect(stack.httpUrl(), staff(r), "2.0.0")) {
            observer.send(join("1", "realtime:observe-61", bindings));
            observer.await(f -> replyTo(f, "1"), WAIT);
            second = stack.sql(GatewayRealClientIT.usageInsert(coupon, r, 2, "1.00"));
            third = stack.sql(GatewayRealClientIT.usageInsert(coupon, r, 3, "1.00"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (changes(observer).size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(changes(observer)).containsExactly(second, third);
        }
        try (TestSocket resumed = TestSocket.connect(stack.httpUrl(), staff(r), "2.0.0")) {
            resumed.send("[\"1\",\"1\",\"realtime:resume-61\",\"phx_join\",{\"config\":{\"postgres_changes\":" + bindings
                    + ",\"resume\":{\"position\":\"" + afterFirst + "\"}}}]");
            JsonNode reply = resumed.await(f -> replyTo(f, "1"), WAIT).get(4);
            assertThat(reply.path("status").asText()).isEqualTo("ok");
            assertThat(reply.path("response").path("replaying").asLong()).isPositive();
            // The replay ends with a system message: everything missed came before it.
            JsonNode caughtUp = resumed.await(f -> f.get(3).asText().equals("system")
                    && f.get(4).path("extension").asText().equals("resume"), WAIT);
            assertThat(caughtUp.get(0).asText()).as("join ref").isEqualTo("1");
            assertThat(caughtUp.get(4).path("status").asText()).isEqualTo("ok");
            assertThat(caughtUp.get(4).path("channel").asText()).isEqualTo("resume-61");
            assertThat(changes(resumed)).as("exactly the two rows written after the position, before the end of the replay")
                    .containsExactly(second, third);
        }

        stack.expireRecords("menuca.menuca_v3.coupon_usage_log");
        try (TestSocket late = TestSocket.connect(stack.httpUrl(), staff(r), "2.0.0")) {
            late.send("[\"1\",\"1\",\"realtime:resume-61\",\"phx_join\",{\"config\":{\"postgres_changes\":" + bindings
                    + ",\"resume\":{\"position\":\"" + start + "\"}}}]");
            JsonNode refused = late.await(f -> replyTo(f, "1"), WAIT).get(4);
            assertThat(refused.path("status").asText()).isEqualTo("error");
            assertThat(refused.path("response").path("reason").asText()).startsWith("ResumePositionTooOld")
                    .contains("rejoin without config.resume");
        }
    }

    private static List<Long> changes(TestSocket socket) {
        return socket.payloads("postgres_changes").stream().map(p -> p.path("data").path("record").path("id").asLong())
                .sorted().toList();
    }

    @Test
    void shouldServeHealthAndStaticFilesButNothingOutsideTheirRoot() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(stack.opsUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("UP");
        HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/../../etc/passwd")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
}
