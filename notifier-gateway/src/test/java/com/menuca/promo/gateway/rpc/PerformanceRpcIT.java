package com.menuca.promo.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.Fixtures;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.RestaurantKey;
import com.menuca.promo.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The two live-performance functions over HTTP as supabase-js calls them, answered from what the
 * gateway read off {@code promo.deal-performance}: {@code get_live_deal_performance} as the
 * platform's function (rows of numbers, an empty array rather than null, POST and GET alike) and
 * {@code get_live_restaurant_performance} (the whole object).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerformanceRpcIT {
    private static final long R = 8301;
    private static final long QUIET = 8302;
    private final HttpClient http = HttpClient.newHttpClient();
    private GatewayStack stack;
    private String staff;

    @BeforeAll
    void publish() throws Exception {
        stack = GatewayStack.shared();
        staff = DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(R, QUIET), null, Duration.ofHours(1));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        stack.publish(DerivedTopics.DEAL_PERFORMANCE, new RestaurantKey(R), Fixtures.performance(R, 13, List.of(
                Fixtures.dealFigures(81, "Two for one", 10, now.minus(Duration.ofHours(5)).minusSeconds(60), null),
                Fixtures.dealFigures(82, "Free delivery", 3, now.minus(Duration.ofMinutes(30)), now.plus(Duration.ofDays(1))),
                Fixtures.dealFigures(83, "Ended since", 1, now.minus(Duration.ofHours(2)), now.minusSeconds(1)))));
    }

    private HttpResponse<String> post(String function, String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/rest/v1/rpc/" + function))
                .header("apikey", token).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Content-Profile", "menuca_v3")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String functionAndQuery, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/rest/v1/rpc/" + functionAndQuery))
                .header("apikey", token).header("Authorization", "Bearer " + token)
                .header("Accept-Profile", "menuca_v3").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's body once it has rows (or a minute passed). */
    private String awaitRows(String body) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> response = post("get_live_deal_performance", body, staff);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (Json.mapper().readTree(response.body()).size() > 0 || Instant.now().isAfter(deadline)) {
                return response.body();
            }
            Thread.sleep(100);
        }
    }

    @Test
    void liveDealPerformanceReturnsThePlatformsRowsAsNumbers() throws Exception {
        String body = awaitRows("{\"p_restaurant_id\": " + R + "}");
        JsonNode rows = Json.mapper().readTree(body);
        assertThat(body).as("live deals, most redeemed first; the ended one left out").isEqualTo(
                "[{\"deal_id\":81,\"title\":\"Two for one\",\"usage_count\":10,\"hours_active\":5,\"redemptions_per_hour\":2.00},"
                        + "{\"deal_id\":82,\"title\":\"Free delivery\",\"usage_count\":3,\"hours_active\":0,\"redemptions_per_hour\":0.00}]");
        for (JsonNode row : rows) {
            assertThat(List.of("deal_id", "usage_count", "hours_active", "redemptions_per_hour"))
                    .allSatisfy(column -> assertThat(row.get(column).isNumber()).as(column).isTrue());
        }
        HttpResponse<String> viaGet = get("get_live_deal_performance?p_restaurant_id=" + R, staff);
        assertThat(viaGet.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(viaGet.body())).as("GET with query parameters, as rpc(..., { get: true })")
                .isEqualTo(rows);
        assertThat(get("get_live_deal_performance?p_restaurant_id=" + R + "&select=title&order=usage_count.asc&limit=1",
                staff).body()).isEqualTo("[{\"title\":\"Free delivery\"}]");
    }

    @Test
    void aRestaurantWithNothingPublishedHasNoRowsNotNull() throws Exception {
        HttpResponse<String> rows = post("get_live_deal_performance", "{\"p_restaurant_id\": " + QUIET + "}", staff);
        assertThat(rows.statusCode()).isEqualTo(200);
        assertThat(rows.body()).isEqualTo("[]");
        assertThat(post("get_live_restaurant_performance", "{\"p_restaurant_id\": " + QUIET + "}", staff).body())
                .isEqualTo("null");
    }

    @Test
    void theRicherObjectKeepsItsOwnName() throws Exception {
        awaitRows("{\"p_restaurant_id\": " + R + "}");
        HttpResponse<String> response = get("get_live_restaurant_performance?p_restaurant_id=" + R, staff);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode performance = Json.mapper().readTree(response.body());
        assertThat(performance.path("restaurant_id").asLong()).isEqualTo(R);
        assertThat(performance.path("redemptions").path("today").asLong()).isEqualTo(13);
        assertThat(performance.path("deals")).hasSize(3);
    }

    @Test
    void onlyThoseWhoMaySeeTheRestaurantCallThem() throws Exception {
        String other = DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(R + 100), null, Duration.ofHours(1));
        String anon = DevTokens.mint(DevTokens.DEV_SECRET, "anon", List.of(), null, Duration.ofHours(1));
        for (String token : List.of(other, anon)) {
            HttpResponse<String> refused = post("get_live_deal_performance", "{\"p_restaurant_id\": " + R + "}", token);
            assertThat(refused.statusCode()).isEqualTo(403);
            JsonNode error = Json.mapper().readTree(refused.body());
            assertThat(error.path("code").asText()).isEqualTo("42501");
            assertThat(error.path("message").asText()).isEqualTo("permission denied for function get_live_deal_performance");
        }
        assertThat(post("get_live_restaurant_performance", "{\"p_restaurant_id\": " + R + "}", anon).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aBodyOverItsBoundIsRefusedBeforeItIsRead() throws Exception {
        URI uri = URI.create(stack.httpUrl());
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            // only the head: the gateway must answer from the declared length, without waiting for 70,000 bytes
            socket.getOutputStream().write(("POST /rest/v1/rpc/get_live_deal_performance HTTP/1.1\r\nHost: " + uri.getHost()
                    + "\r\nAuthorization: Bearer " + staff + "\r\nContent-Type: application/json\r\nContent-Length: 70000\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).as("a body over 64 KiB").startsWith("HTTP/1.1 413");
        }
        assertThat(post("get_live_deal_performance", "{\"p_restaurant_id\": " + R + ", \"pad\": \"" + "x".repeat(60_000) + "\"}",
                staff).statusCode()).as("under the bound it is read (and the unknown argument refused)").isEqualTo(404);
    }
}
