package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.RawHttp;
import com.menuca.promo.gateway.testing.TestGateway;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finding 7, its {@code /dev/token} part: demo tokens exist only in {@code promo dev}, and even
 * there no other site may read them (no CORS): a page on another origin a developer visits while
 * {@code promo dev} runs cannot mint itself a token.
 */
class DevTokenEndpointIT {
    private static final String ORIGIN = "Origin: https://attacker.example";

    @Test
    void aProductionGatewayHasNoDevTokenEndpoint() throws Exception {
        try (TestGateway gateway = GatewayStack.shared().gateway(SecuritySuite.withSecret(), true)) {
            RawHttp.Response response = RawHttp.request(gateway.port(), "GET", "/dev/token?role=anon", ORIGIN);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.rest()).doesNotContain("access_token");
        }
    }

    @Test
    void promoDevServesDemoTokensToItsOwnOriginOnly() throws Exception {
        try (TestGateway dev = GatewayStack.shared().gateway(Map.of(), false)) {
            RawHttp.Response minted = RawHttp.request(dev.port(), "GET", "/dev/token?role=restaurant_staff&restaurant=3", ORIGIN);
            assertThat(minted.status()).isEqualTo(200);
            assertThat(minted.rest()).contains("access_token");
            assertThat(minted.header("access-control-allow-origin")).as("no CORS on /dev/token").isNull();
            RawHttp.Response preflight = RawHttp.request(dev.port(), "OPTIONS", "/dev/token?role=anon", ORIGIN,
                    "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization");
            assertThat(preflight.header("access-control-allow-origin")).isNull();
            assertThat(preflight.header("access-control-allow-methods")).isNull();
            assertThat(RawHttp.request(dev.port(), "POST", "/dev/token?role=anon", ORIGIN).status()).isEqualTo(405);
        }
    }
}
