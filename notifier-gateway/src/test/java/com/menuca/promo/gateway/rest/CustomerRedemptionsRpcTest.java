package com.menuca.promo.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.feed.LatestValues;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.rpc.ProcessorQueries;
import com.menuca.promo.schemas.json.Json;
import com.sun.net.httpserver.HttpServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code get_customer_redemptions} on the gateway's REST handler: who may ask (the customer's own
 * token, or service_role; never another customer, staff or anonymous callers, and never without a
 * valid token), what is asked of the stream processor (here a small HTTP server answering as its query
 * API does, so its failures can be produced), and how its answers and failures reach the caller. The
 * whole path against the real processor runs in the dashboard's browser test.
 */
class CustomerRedemptionsRpcTest {
    private static final String SECRET = DevTokens.DEV_SECRET;
    private static final String STATEMENT = """
            {"customer_id":7,"redemptions":2,"total_saved":"9.00","total_spent":"60.00",
             "last_redeemed_at":"2026-12-06T10:00:00Z","as_of":"2026-12-06T10:00:01Z","latest":[
              {"usage_id":12,"customer_id":7,"restaurant_id":2,"coupon_id":22,"deal_id":null,"order_id":5,"code":"B",
               "deal_title":null,"discount_applied":"4.50","order_total":"30.00","used_at":"2026-12-06T10:00:00Z"},
              {"usage_id":11,"customer_id":7,"restaurant_id":1,"coupon_id":11,"deal_id":81,"order_id":4,"code":"A",
               "deal_title":"Deal 81","discount_applied":"4.50","order_total":"30.00","used_at":"2026-12-06T09:00:00Z"}]}""";

    private HttpServer processor;
    private final Queue<String> asked = new ConcurrentLinkedQueue<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> answer = new AtomicReference<>(STATEMENT);

    @BeforeEach
    void startProcessor() throws IOException {
        processor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        processor.createContext("/", exchange -> {
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        processor.start();
    }

    @AfterEach
    void stopProcessor() {
        processor.stop(0);
    }

    private URI processorUrl() {
        return URI.create("http://127.0.0.1:" + processor.getAddress().getPort());
    }

    private static RestHandler handler(Policy policy, URI processor) {
        return new RestHandler(new TokenVerifier(SECRET), policy, new LatestValues(), new StaticFiles(null), null,
                processor == null ? null : new ProcessorQueries(processor, "query-credential"), null);
    }

    private static String customer(long id) {
        return DevTokens.mint(SECRET, "customer", List.of(), id, Duration.ofHours(1));
    }

    private static String token(String role, Long... restaurants) {
        return DevTokens.mint(SECRET, role, List.of(restaurants), null, Duration.ofHours(1));
    }

    /** Sends one RPC call and waits for the response (the processor is asked asynchronously). */
    private static FullHttpResponse call(RestHandler handler, String token, String body) {
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/rest/v1/rpc/get_customer_redemptions", Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        if (token != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token).set("apikey", token);
        }
        channel.writeInbound(request);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            channel.runPendingTasks();
            FullHttpResponse response = channel.readOutbound();
            if (response != null) {
                channel.finishAndReleaseAll();
                return response;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no response within 20 s");
    }

    private static JsonNode json(FullHttpResponse response) throws IOException {
        try {
            return Json.mapper().readTree(response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    @Test
    void shouldAnswerTheCustomerWithTheProcessorsStatement() throws IOException {
        FullHttpResponse response = call(handler(Policy.defaults(), processorUrl()), customer(7), "{\"p_customer_id\": 7}");

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("application/json");
        JsonNode body = json(response);
        assertThat(body).isEqualTo(Json.mapper().readTree(STATEMENT));
        assertThat(asked).as("asked with the query API's credential")
                .containsExactly("GET /customers/7/redemptions Bearer query-credential");
    }

    @Test
    void shouldAnswerServiceRole() {
        FullHttpResponse response = call(handler(Policy.defaults(), processorUrl()), token("service_role"), "{\"p_customer_id\": \"7\"}");
        assertThat(response.status().code()).isEqualTo(200);
        response.release();
    }

    @Test
    void shouldRefuseAnotherCustomerStaffAndAnonymousWithoutAskingTheProcessor() throws IOException {
        RestHandler handler = handler(Policy.defaults(), processorUrl());
        for (String token : List.of(customer(8), token("restaurant_staff", 1L, 2L), token("anon"))) {
            FullHttpResponse response = call(handler, token, "{\"p_customer_id\": 7}");
            assertThat(response.status().code()).isEqualTo(403);
            assertThat(json(response).path("code").asText()).isEqualTo("42501");
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void shouldRefuseCallsWithoutAValidToken() throws IOException {
        RestHandler handler = handler(Policy.defaults(), processorUrl());
        String forged = DevTokens.mint("another-secret-of-at-least-thirty-two-bytes", "customer", List.of(), 7L,
                Duration.ofHours(1));
        String expired = DevTokens.mint(SECRET, "customer", List.of(), 7L, Duration.ofSeconds(-60));
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        codes.put(null, "PGRST302");
        codes.put("not-a-jwt", "PGRST301");
        codes.put(forged, "PGRST301");
        codes.put(expired, "PGRST303");
        for (java.util.Map.Entry<String, String> token : codes.entrySet()) {
            FullHttpResponse response = call(handler, token.getKey(), "{\"p_customer_id\": 7}");
            assertThat(response.status().code()).as("token %s", token.getKey()).isEqualTo(401);
            assertThat(json(response).path("code").asText()).as("PostgREST's code for token %s", token.getKey())
                    .isEqualTo(token.getValue());
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void shouldRefuseABadBody() throws IOException {
        RestHandler handler = handler(Policy.defaults(), processorUrl());
        // as PostgREST answers: no such function without the argument; values PostgreSQL cannot read as bigint
        JsonNode missing = json(call(handler, customer(7), "{}"));
        assertThat(missing.path("code").asText()).isEqualTo("PGRST202");
        assertThat(missing.path("hint").asText()).contains("get_customer_redemptions(p_customer_id)");
        for (String body : List.of("{\"p_customer_id\": 7.5}", "{\"p_customer_id\": \"7x\"}",
                "{\"p_customer_id\": 99999999999999999999}")) {
            FullHttpResponse response = call(handler, customer(7), body);
            assertThat(response.status().code()).as(body).isEqualTo(400);
            assertThat(json(response).path("message").asText()).as(body).contains("bigint");
        }
        FullHttpResponse negative = call(handler, customer(7), "{\"p_customer_id\": -7}");
        assertThat(negative.status().code()).as("someone else's id").isEqualTo(403);
        negative.release();
        FullHttpResponse notJson = call(handler, customer(7), "{");
        assertThat(notJson.status().code()).isEqualTo(400);
        notJson.release();
        assertThat(asked).isEmpty();
    }

    @Test
    void shouldListOnlyTheRedemptionsThePolicysEventConditionsAllow() throws IOException {
        Policy restaurantOneOnly = Policy.parse("""
                rules:
                  - name: customers see their redemptions at restaurant 1 only
                    roles: [customer]
                    channels:
                      - channel: "customer:$customer_id:*"
                        where: { restaurant_id: 1 }
                """, "test");
        JsonNode body = json(call(handler(restaurantOneOnly, processorUrl()), customer(7), "{\"p_customer_id\": 7}"));
        assertThat(body.path("latest")).hasSize(1);
        assertThat(body.path("latest").get(0).path("usage_id").asLong()).isEqualTo(11);
    }

    @Test
    void shouldSayWhenTheProcessorCannotAnswer() throws IOException {
        RestHandler handler = handler(Policy.defaults(), processorUrl());
        status.set(503);
        answer.set("{\"error\":\"the processor is starting\"}");
        FullHttpResponse starting = call(handler, customer(7), "{\"p_customer_id\": 7}");
        assertThat(starting.status().code()).isEqualTo(503);
        assertThat(json(starting).path("message").asText()).contains("retry");

        status.set(500);
        FullHttpResponse failed = call(handler, customer(7), "{\"p_customer_id\": 7}");
        assertThat(failed.status().code()).isEqualTo(502);
        failed.release();

        status.set(200);
        answer.set("not json");
        FullHttpResponse garbled = call(handler, customer(7), "{\"p_customer_id\": 7}");
        assertThat(garbled.status().code()).isEqualTo(502);
        garbled.release();

        processor.stop(0);
        FullHttpResponse down = call(handler, customer(7), "{\"p_customer_id\": 7}");
        assertThat(down.status().code()).isEqualTo(503);
        assertThat(json(down).path("message").asText()).contains("did not answer");
    }

    @Test
    void shouldSayTheRpcIsNotServedWithoutAProcessor() throws IOException {
        FullHttpResponse response = call(handler(Policy.defaults(), null), customer(7), "{\"p_customer_id\": 7}");
        assertThat(response.status().code()).isEqualTo(404);
        assertThat(json(response).path("message").asText()).contains("gateway.processor.url");
    }
}
