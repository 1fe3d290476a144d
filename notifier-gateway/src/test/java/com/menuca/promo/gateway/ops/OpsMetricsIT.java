package com.menuca.promo.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.common.metrics.ServiceMetrics;
import com.menuca.promo.common.ops.OpsHttpServer;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.TestGateway;
import com.menuca.promo.schemas.json.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator view's metrics through a real gateway: gathered server-side from another service's real
 * ops endpoint (and from one that is down), readable only with a token whose role may read them, and
 * never offered to other sites' scripts.
 */
class OpsMetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldServeEveryServicesMetricsToOperatorsOnly() throws Exception {
        GatewayStack stack = GatewayStack.shared();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ServiceMetrics captureMetrics = ServiceMetrics.create();
             OpsHttpServer capture = OpsHttpServer.start("127.0.0.1", 0, new Readiness(), captureMetrics.registry())) {
            captureMetrics.registry().gauge("promo.capture.streaming", 1);
            Map<String, String> settings = new HashMap<>();
            settings.put(GatewayConfig.OPS_METRICS_TARGETS.key(), "capture=http://127.0.0.1:" + capture.port()
                    + "/metrics,processor-0=http://127.0.0.1:" + closedPort + "/metrics");
            try (TestGateway gateway = stack.gateway(settings, false)) {
                URI url = URI.create(gateway.httpUrl() + "/ops/v1/metrics");

                HttpResponse<String> anonymous = get(url, null);
                assertThat(anonymous.statusCode()).isEqualTo(401);
                assertThat(anonymous.body()).doesNotContain("promo_");
                assertThat(get(url, "not-a-token").statusCode()).isEqualTo(401);
                for (String role : List.of("anon", "customer", "restaurant_staff")) {
                    HttpResponse<String> refused = get(url, token(role));
                    assertThat(refused.statusCode()).as(role).isEqualTo(403);
                    assertThat(refused.body()).contains("role '" + role + "' may not read").doesNotContain("promo_");
                }

                for (String role : List.of("operator", "service_role")) {
                    HttpResponse<String> answer = get(url, token(role));
                    assertThat(answer.statusCode()).as(role).isEqualTo(200);
                    assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as("only the gateway's own pages")
                            .isEmpty();
                    JsonNode targets = Json.mapper().readTree(answer.body()).path("targets");
                    assertThat(targets).extracting(t -> t.path("name").asText()).containsExactly("gateway", "capture", "processor-0");
                    assertThat(targets.get(0).path("up").asBoolean()).isTrue();
                    assertThat(targets.get(0).path("metrics").asText()).contains("promo_gateway_connections");
                    assertThat(targets.get(1).path("up").asBoolean()).isTrue();
                    assertThat(targets.get(1).path("metrics").asText()).contains("promo_capture_streaming 1.0")
                            .contains("jvm_memory_used_bytes");
                    assertThat(targets.get(2).path("up").asBoolean()).isFalse();
                    assertThat(targets.get(2).path("error").asText()).isEqualTo("connection refused");
                }
            }
        }
    }

    private static HttpResponse<String> get(URI url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Origin", "https://elsewhere.example");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String role) {
        return DevTokens.mint(DevTokens.DEV_SECRET, role, role.equals("restaurant_staff") ? List.of(1L) : List.of(),
                role.equals("customer") ? 7L : null, Duration.ofHours(1));
    }
}
