package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.TestSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding 7 of issue 12 (the gateway's part): /metrics, /ready and /health are on the ops port, not on
 * the client port browsers reach, and answer no browser (no CORS); the operator view's
 * /ops/v1/metrics on the client port grants no other site a read; the optional Origin allow-list
 * refuses the upgrade and the REST endpoints (the operator view's metrics included) to pages of other sites.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsAndOriginIT {
    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example.net";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SecurityKafka kafka;
    private SecureGateway open;
    private SecureGateway listed;

    @BeforeAll
    void start() throws Exception {
        kafka = SecurityKafka.start();
        open = SecureGateway.start(kafka, Map.of(GatewayConfig.OPS_PORT.key(), "0"));
        listed = SecureGateway.start(kafka, Map.of(GatewayConfig.OPS_PORT.key(), "0",
                GatewayConfig.ALLOWED_ORIGINS.key(), APP + ", http://localhost:3000"));
    }

    @AfterAll
    void stop() {
        if (open != null) {
            open.close();
        }
        if (listed != null) {
            listed.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static HttpResponse<String> get(String url, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token() {
        return DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(51L), null, Duration.ofHours(1));
    }

    @Test
    void shouldServeOpsEndpointsOnTheOpsPortOnly() throws Exception {
        String client = open.httpUrl();
        String ops = "http://127.0.0.1:" + open.gateway().opsPort();
        assertThat(open.gateway().opsPort()).isNotEqualTo(open.port());
        for (String path : List.of("/metrics", "/ready", "/health")) {
            HttpResponse<String> onClientPort = get(client + path, null);
            assertThat(onClientPort.statusCode()).as("%s on the client port", path).isEqualTo(404);
            assertThat(onClientPort.body()).doesNotContain("promo_gateway").doesNotContain("READY");
        }
        assertThat(get(ops + "/metrics", null).body()).contains("promo_gateway_connections");
        assertThat(get(ops + "/ready", null).statusCode()).isEqualTo(200);
        assertThat(get(ops + "/health", null).body()).contains("UP");
        for (String origin : List.of(EVIL, client)) {
            assertThat(get(ops + "/metrics", origin).headers().firstValue("Access-Control-Allow-Origin"))
                    .as("no browser page may read the ops port, not even the gateway's own (%s)", origin).isEmpty();
        }
    }

    @Test
    void shouldRefuseUpgradesAndRestCallsFromOriginsNotListed() throws Exception {
        assertThatThrownBy(() -> HTTP.newWebSocketBuilder().header("Origin", EVIL)
                .buildAsync(URI.create(listed.httpUrl().replace("http", "ws") + "/realtime/v1/websocket?vsn=2.0.0&apikey="
                        + token()), new WebSocket.Listener() { }).get(20, TimeUnit.SECONDS))
                .hasStackTraceContaining("403");
        WebSocket fromApp = HTTP.newWebSocketBuilder().header("Origin", APP)
                .buildAsync(URI.create(listed.httpUrl().replace("http", "ws") + "/realtime/v1/websocket?vsn=2.0.0&apikey="
                        + token()), new WebSocket.Listener() { }).get(20, TimeUnit.SECONDS);
        fromApp.abort();
        try (TestSocket noOrigin = TestSocket.connect(listed.httpUrl(), token(), "2.0.0")) {
            assertThat(noOrigin.isClosed()).as("a client without an Origin header (a server) is not affected").isFalse();
        }

        String rpc = listed.httpUrl() + "/rest/v1/rpc/get_live_deal_performance";
        HttpResponse<String> evil = HTTP.send(HttpRequest.newBuilder(URI.create(rpc)).header("Origin", EVIL)
                .header("Authorization", "Bearer " + token()).POST(HttpRequest.BodyPublishers.ofString("{\"p_restaurant_id\":51}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(evil.statusCode()).isEqualTo(403);
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(rpc)).header("Origin", EVIL)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(403);
        HttpResponse<String> app = HTTP.send(HttpRequest.newBuilder(URI.create(rpc)).header("Origin", APP)
                .header("Authorization", "Bearer " + token()).POST(HttpRequest.BodyPublishers.ofString("{\"p_restaurant_id\":51}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(get(listed.httpUrl() + "/", EVIL).statusCode()).as("static files stay public").isEqualTo(200);

        String opsMetrics = listed.httpUrl() + "/ops/v1/metrics";
        HttpResponse<String> evilOperator = HTTP.send(HttpRequest.newBuilder(URI.create(opsMetrics)).header("Origin", EVIL)
                .header("Authorization", "Bearer " + operatorToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(evilOperator.statusCode()).as("the operator view's metrics are a REST endpoint too").isEqualTo(403);
        assertThat(evilOperator.body()).doesNotContain("promo_gateway");
        HttpResponse<String> appOperator = HTTP.send(HttpRequest.newBuilder(URI.create(opsMetrics)).header("Origin", APP)
                .header("Authorization", "Bearer " + operatorToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(appOperator.statusCode()).isEqualTo(200);
        assertThat(appOperator.body()).contains("promo_gateway_connections");
    }

    @Test
    void shouldOfferTheOperatorViewsMetricsToNoOtherSite() throws Exception {
        String opsMetrics = open.httpUrl() + "/ops/v1/metrics";
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(opsMetrics)).header("Origin", EVIL)
                .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as("no preflight grant").isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).isEmpty();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(opsMetrics)).header("Origin", EVIL)
                .header("Authorization", "Bearer " + operatorToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("no allow-list set: the origin is not checked").isEqualTo(200);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as("but no other site's script reads it")
                .isEmpty();
    }

    private static String operatorToken() {
        return DevTokens.mint(DevTokens.DEV_SECRET, "operator", List.of(), null, Duration.ofHours(1));
    }
}
