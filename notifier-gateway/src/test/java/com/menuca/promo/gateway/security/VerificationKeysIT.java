package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.common.config.ConfigException;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaSettings;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.JwksServer;
import com.menuca.promo.gateway.testing.RawHttp;
import com.menuca.promo.gateway.testing.SupabaseTokens;
import com.menuca.promo.gateway.testing.TestGateway;
import com.menuca.promo.gateway.testing.TestSocket;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finding 1: no usable key by default. A gateway configured as {@code promo gateway} refuses to start
 * without a key of its own (one line naming the fix; the launcher turns it into exit code 2, see
 * {@code GatewayCommandIT}); an empty value is unset; the public dev secret is never accepted; with a
 * JWKS, HS256 is off unless a secret is set too; issuer, audience and clock skew are enforced as set.
 * Checked at the HTTP upgrade over real sockets.
 */
class VerificationKeysIT {
    private static final String UPGRADE = "/realtime/v1/websocket?vsn=1.0.0&apikey=";

    private static GatewayConfig load(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(KafkaSettings.BOOTSTRAP_SERVERS.key(), "127.0.0.1:9");
        all.putIfAbsent(GatewayConfig.RESUME_KEY.key(), com.menuca.promo.gateway.testing.GatewayStack.RESUME_KEY);
        return GatewayConfig.load(ConfigSource.of(all));
    }

    @Test
    void promoGatewayRefusesToStartWithoutAKeyOfItsOwn() {
        for (Map<String, String> settings : List.of(Map.<String, String>of(),
                Map.of(GatewayConfig.JWT_SECRET.key(), "", GatewayConfig.JWKS_URL.key(), ""),
                Map.of(GatewayConfig.JWT_SECRET.key(), "   ", GatewayConfig.JWKS_URL.key(), " "))) {
            assertThatThrownBy(() -> load(settings)).as("settings %s", settings).isInstanceOf(ConfigException.class)
                    .hasMessageNotContaining("\n")
                    .hasMessageContaining("no key to verify client tokens")
                    .hasMessageContaining("PROMO_GATEWAY_JWT_SECRET").hasMessageContaining("PROMO_GATEWAY_JWKS_URL");
        }
        assertThatThrownBy(() -> load(Map.of(GatewayConfig.JWT_SECRET.key(), DevTokens.DEV_SECRET)))
                .hasMessageNotContaining("\n").hasMessageContaining("public dev secret");
        assertThatThrownBy(() -> load(Map.of(GatewayConfig.JWT_SECRET.key(), "too-short-for-hs256")))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> load(Map.of(GatewayConfig.JWKS_URL.key(), "file:///etc/passwd")))
                .hasMessageContaining("not an http(s) URL");
        assertThat(load(SecuritySuite.withSecret()).keys().hmacSecret()).isEqualTo(SecuritySuite.SECRET);
        assertThat(GatewayConfig.loadForDev(ConfigSource.of(Map.of())).keys().hmacSecret())
                .as("promo dev keeps its dev secret").isEqualTo(DevTokens.DEV_SECRET);
    }

    @Test
    void aProductionGatewayRefusesEveryTokenOfThePublicDevSecret() throws Exception {
        try (TestGateway gateway = GatewayStack.shared().gateway(SecuritySuite.withSecret(), true)) {
            String forged = DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofHours(1));
            RawHttp.Response refused = RawHttp.upgrade(gateway.port(), UPGRADE + forged);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.rest()).contains("signature");
            assertThat(RawHttp.upgrade(gateway.port(), UPGRADE + SecuritySuite.service()).status()).isEqualTo(101);
            try (TestSocket socket = TestSocket.connect(gateway.httpUrl(), SecuritySuite.anon(), "2.0.0")) {
                JsonNode reply = socket.join("realtime:forged", "1", "{\"access_token\":\"" + forged + "\",\"config\":"
                        + "{\"postgres_changes\":[{\"event\":\"*\",\"schema\":\"menuca_v3\",\"table\":\"coupon_usage_log\"}]}}");
                assertThat(reply.path("status").asText()).isEqualTo("error");
                assertThat(reply.path("response").path("reason").asText()).startsWith("InvalidJWTToken");
            }
        }
    }

    @Test
    void withOnlyAJwksHs256IsOff() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        try (JwksServer jwks = JwksServer.serving(List.of(key));
             TestGateway gateway = GatewayStack.shared().gateway(Map.of(GatewayConfig.JWKS_URL.key(), jwks.url()), true)) {
            String hs256 = DevTokens.mint(SecuritySuite.SECRET, "service_role", List.of(), null, Duration.ofHours(1));
            RawHttp.Response refused = RawHttp.upgrade(gateway.port(), UPGRADE + hs256);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.rest()).contains("does not accept");
            String es256 = SupabaseTokens.es256(key, SupabaseTokens.user(jwks.issuer(), Map.of(), Duration.ofHours(1)));
            assertThat(RawHttp.upgrade(gateway.port(), UPGRADE + es256).status()).isEqualTo(101);
        }
    }

    @Test
    void issuerAudienceAndClockSkewAreEnforcedAsSet() throws Exception {
        String issuer = "https://project-ref.supabase.co/auth/v1";
        Map<String, String> settings = new HashMap<>(SecuritySuite.withSecret());
        settings.put(GatewayConfig.JWT_ISSUER.key(), issuer);
        settings.put(GatewayConfig.JWT_AUDIENCE.key(), "authenticated");
        settings.put(GatewayConfig.JWT_CLOCK_SKEW.key(), "0s");
        try (TestGateway gateway = GatewayStack.shared().gateway(settings, true)) {
            JWTClaimsSet good = SupabaseTokens.user(issuer, Map.of(), Duration.ofHours(1));
            assertThat(RawHttp.upgrade(gateway.port(), UPGRADE + SupabaseTokens.hs256(SecuritySuite.SECRET, good)).status())
                    .isEqualTo(101);
            JWTClaimsSet otherIssuer = new JWTClaimsSet.Builder(good).issuer("https://other-ref.supabase.co/auth/v1").build();
            JWTClaimsSet otherAudience = new JWTClaimsSet.Builder(good).audience("some-api").build();
            JWTClaimsSet noAudience = new JWTClaimsSet.Builder(good).audience((String) null).build();
            JWTClaimsSet justExpired = new JWTClaimsSet.Builder(good)
                    .expirationTime(new Date(System.currentTimeMillis() - 3_000)).build();
            for (JWTClaimsSet claims : List.of(otherIssuer, otherAudience, noAudience, justExpired)) {
                RawHttp.Response response = RawHttp.upgrade(gateway.port(), UPGRADE + SupabaseTokens.hs256(SecuritySuite.SECRET, claims));
                assertThat(response.status()).as("%s", claims).isEqualTo(401);
            }
        }
        try (TestGateway lenient = GatewayStack.shared().gateway(SecuritySuite.withSecret(), true)) {
            JWTClaimsSet justExpired = new JWTClaimsSet.Builder(SupabaseTokens.user("any", Map.of(), Duration.ofHours(1)))
                    .expirationTime(new Date(System.currentTimeMillis() - 3_000)).build();
            assertThat(RawHttp.upgrade(lenient.port(), UPGRADE + SupabaseTokens.hs256(SecuritySuite.SECRET, justExpired))
                    .status()).as("within the default 10 s clock skew").isEqualTo(101);
        }
    }
}
