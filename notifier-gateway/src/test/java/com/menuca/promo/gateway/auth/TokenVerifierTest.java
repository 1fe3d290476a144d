package com.menuca.promo.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HS256 with the shared secret, RS256 and ES256 from a JWKS served over HTTP, and every refusal. */
class TokenVerifierTest {
    private static final String SECRET = DevTokens.DEV_SECRET;

    private static JWTClaimsSet claims(String role, long expiresInSeconds) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("u1")
                .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000))
                .claim("restaurant_ids", List.of(42, 43));
        if (role != null) {
            builder.claim("role", role);
        }
        return builder.build();
    }

    @Test
    void acceptsHs256TokensWithRoleAndExp() throws Exception {
        Principal principal = new TokenVerifier(SECRET, null).verify(DevTokens.mint(SECRET, "restaurant_staff", List.of(42L), 7L,
                Duration.ofMinutes(5)));
        assertThat(principal.role()).isEqualTo("restaurant_staff");
        assertThat(principal.claimValues("restaurant_ids")).containsExactly(42L);
        assertThat(principal.claimValues("customer_id")).containsExactly(7L);
    }

    @Test
    void refusesWhatItCannotTrust() {
        TokenVerifier verifier = new TokenVerifier(SECRET, null);
        assertThatThrownBy(() -> verifier.verify(null)).hasMessageContaining("no token");
        assertThatThrownBy(() -> verifier.verify("abc.def")).hasMessageContaining("malformed token");
        assertThatThrownBy(() -> verifier.verify(DevTokens.sign(SECRET, claims("anon", -120)))).hasMessage("token expired");
        assertThatThrownBy(() -> verifier.verify(DevTokens.sign(SECRET, claims(null, 60))))
                .hasMessageContaining("role and exp are required");
        assertThatThrownBy(() -> verifier.verify(DevTokens.sign(SECRET, new JWTClaimsSet.Builder().claim("role", "anon").build())))
                .hasMessageContaining("role and exp are required");
        assertThatThrownBy(() -> verifier.verify(DevTokens.sign("a-different-secret-that-is-32-bytes-long!", claims("anon", 60))))
                .hasMessageContaining("signature");
    }

    @Test
    void acceptsRs256AndEs256FromAJwksAndRefusesThemWithoutOne() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        byte[] jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        try {
            TokenVerifier verifier = new TokenVerifier(SECRET, "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
            SignedJWT rs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims("customer", 60));
            rs256.sign(new RSASSASigner(rsa));
            SignedJWT es256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims("anon", 60));
            es256.sign(new ECDSASigner(ec));
            assertThat(verifier.verify(rs256.serialize()).role()).isEqualTo("customer");
            assertThat(verifier.verify(es256.serialize()).role()).isEqualTo("anon");
            assertThat(verifier.verify(DevTokens.mint(SECRET, "anon", List.of(), null, Duration.ofMinutes(1))).role())
                    .as("HS256 still accepted beside the JWKS").isEqualTo("anon");
            assertThatThrownBy(() -> new TokenVerifier(SECRET, null).verify(rs256.serialize()))
                    .isInstanceOf(AuthException.class);
        } finally {
            server.stop(0);
        }
    }
}
