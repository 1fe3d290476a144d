package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.Fixtures;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.TestGateway;
import com.menuca.promo.gateway.testing.TestSocket;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.RestaurantKey;
import com.menuca.promo.schemas.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finding 9: a channel grant's {@code where} conditions apply to everything the grant lets through,
 * not only to live events: the latest values sent on join and the live-performance RPCs too. An area
 * manager granted every restaurant's channels but only its own restaurants' events gets nothing of
 * another restaurant's performance, on join or by RPC.
 */
class WhereConditionsIT {
    private static final long MINE = 7401;
    private static final long OTHER = 7402;
    private static final String POLICY = """
            rules:
              - name: area managers see their restaurants' numbers on any restaurant channel
                roles: [area_manager]
                channels:
                  - channel: "restaurant:*"
                    where: { restaurant_id: $restaurant_ids }
            """;

    @Test
    void latestValuesOnJoinAndTheRpcObeyTheGrantsWhere() throws Exception {
        GatewayStack stack = GatewayStack.shared();
        stack.publish(DerivedTopics.DEAL_PERFORMANCE, new RestaurantKey(MINE), Fixtures.performance(MINE, 11));
        stack.publish(DerivedTopics.DEAL_PERFORMANCE, new RestaurantKey(OTHER), Fixtures.performance(OTHER, 22));
        Path policy = Files.createTempFile("where-policy", ".yaml");
        Files.writeString(policy, POLICY);
        Map<String, String> settings = new HashMap<>(SecuritySuite.withSecret());
        settings.put(GatewayConfig.POLICY_FILE.key(), policy.toString());
        String manager = DevTokens.mint(SecuritySuite.SECRET, "area_manager", List.of(MINE), null, Duration.ofHours(1));
        try (TestGateway gateway = stack.gateway(settings, true);
             TestSocket socket = TestSocket.connect(gateway.httpUrl(), manager, "1.0.0")) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(awaitRpc(http, gateway, manager, MINE).path("restaurant_id").asLong())
                    .as("its own restaurant's numbers, once the gateway has read them").isEqualTo(MINE);
            assertThat(rpc(http, gateway, manager, OTHER).body()).as("another restaurant's numbers by RPC").isEqualTo("null");
            assertThat(rpc(http, gateway, manager, OTHER, "get_live_deal_performance").body())
                    .as("nor its rows, as the platform's function").isEqualTo("[]");

            String other = "realtime:restaurant:" + OTHER + ":performance";
            String mine = "realtime:restaurant:" + MINE + ":performance";
            socket.send(joinV1(other, "1"));
            socket.await(f -> f.path("event").asText().equals("phx_reply") && f.path("ref").asText().equals("1"),
                    Duration.ofSeconds(30));
            socket.send(joinV1(mine, "2"));
            JsonNode value = socket.await(f -> f.path("event").asText().equals("broadcast")
                    && f.path("topic").asText().equals(mine), Duration.ofSeconds(30));
            assertThat(value.path("payload").path("payload").path("restaurant_id").asLong()).isEqualTo(MINE);
            // values on join are written right after each join's reply, in join order: the second's arrived, so would the first's
            assertThat(socket.payloads(other, "broadcast")).as("another restaurant's latest value sent on join").isEmpty();
        } finally {
            Files.deleteIfExists(policy);
        }
    }

    private static String joinV1(String topic, String ref) {
        return "{\"topic\":\"" + topic + "\",\"event\":\"phx_join\",\"payload\":{\"config\":{}},\"ref\":\"" + ref
                + "\",\"join_ref\":\"" + ref + "\"}";
    }

    private static JsonNode awaitRpc(HttpClient http, TestGateway gateway, String token, long restaurant) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            HttpResponse<String> response = rpc(http, gateway, token, restaurant);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = Json.mapper().readTree(response.body());
            if (!body.isNull() || Instant.now().isAfter(deadline)) {
                return body;
            }
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> rpc(HttpClient http, TestGateway gateway, String token, long restaurant)
            throws Exception {
        return rpc(http, gateway, token, restaurant, "get_live_restaurant_performance");
    }

    private static HttpResponse<String> rpc(HttpClient http, TestGateway gateway, String token, long restaurant,
                                            String function) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.httpUrl() + "/rest/v1/rpc/" + function))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"p_restaurant_id\": " + restaurant + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
