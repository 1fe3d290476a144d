package com.menuca.promo.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.gateway.testing.JwksServer;
import com.menuca.promo.gateway.testing.SupabaseTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every way a credential is verified or refused: HS256 with the configured secret, RS256, ES256 and
 * EdDSA from a JWKS served over HTTP (with a key rotation), issuer, audience, clock skew, publishable
 * keys, and tokens shaped as Supabase Auth issues them.
 */
class TokenVerifierTest {
    private static final String SECRET = "a-test-secret-of-at-least-32-bytes-long";

    private static JWTClaimsSet claims(String role, long expiresInSeconds) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("u1")
                .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000))
                .claim("restaurant_ids", List.of(42, 43));
        if (role != null) {
            builder.claim("role", role);
        }
        return builder.build();
    }

    private static VerificationKeys keys(String secret, String jwks, String issuer, Set<String> audiences,
                                         Duration skew, Set<String> publishable) {
        return new VerificationKeys(secret, jwks, issuer, audiences, skew, publishable);
    }

    @Test
    void shouldKeepOneCopyOfTheClaimNamesAndRoleEveryTokenRepeats() throws Exception {
        TokenVerifier verifier = new TokenVerifier(DevTokens.DEV_SECRET);
        Principal first = verifier.verify(DevTokens.mint(DevTokens.DEV_SECRET, "customer", List.of(), 1L, Duration.ofHours(1)));
        Principal second = verifier.verify(DevTokens.mint(DevTokens.DEV_SECRET, "customer", List.of(), 2L, Duration.ofHours(1)));
        assertThat(second.role()).isEqualTo("customer").isSameAs(first.role());
        assertThat(second.claims().get("role")).isSameAs(second.role());
        String name = first.claims().keySet().stream().filter("customer_id"::equals).findFirst().orElseThrow();
        assertThat(second.claims().keySet().stream().filter("customer_id"::equals).findFirst().orElseThrow()).isSameAs(name);
        assertThat(first.claimValues("customer_id")).containsExactly(1L);
        assertThat(second.claimValues("customer_id")).containsExactly(2L);
    }

    @Test
    void acceptsHs256TokensWithRoleAndExp() throws Exception {
        Principal principal = new TokenVerifier(SECRET).verify(DevTokens.mint(SECRET, "restaurant_staff", List.of(42L), 7L,
                Duration.ofMinutes(5)));
        assertThat(principal.role()).isEqualTo("restaurant_staff");
        assertThat(principal.claimValues("restaurant_ids")).containsExactly(42L);
        assertThat(principal.claimValues("customer_id")).containsExactly(7L);
    }

    @Test
    void refusesWhatItCannotTrust() {
        TokenVerifier verifier = new TokenVerifier(SECRET);
        assertThatThrownBy(() -> verifier.verify(null)).hasMessageContaining("no token");
        assertThatThrownBy(() -> verifier.verify("abc.def")).hasMessageContaining("malformed token");
        assertThatThrownBy(() -> verifier.verify(DevTokens.sign(SECRET, claims("anon", -120)))).hasMessage("token expired");
        assertThatThrownBy(() -> verifier.verify(DevTokens.sign(SECRET, claims(null, 60))))
                .hasMessageContaining("role and exp are required");
        assertThatThrownBy(() -> verifier.verify(DevTokens.sign(SECRET, new JWTClaimsSet.Builder().claim("role", "anon").build())))
                .hasMessageContaining("role and exp are required");
        assertThatThrownBy(() -> verifier.verify(DevTokens.sign("a-different-secret-that-is-32-bytes-long!", claims("anon", 60))))
                .hasMessageContaining("signature");
        assertThatThrownBy(() -> verifier.verify(DevTokens.sign(DevTokens.DEV_SECRET, claims("service_role", 60))))
                .as("the public dev secret is just another wrong secret here").hasMessageContaining("signature");
        String unsigned = Base64URL.encode("{\"alg\":\"none\"}") + "." + Base64URL.encode(claims("service_role", 60).toString()) + ".";
        assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(AuthException.class);
    }

    @Test
    void appliesTheConfiguredClockSkewToExpiry() throws Exception {
        String expiredFiveSecondsAgo = DevTokens.sign(SECRET, claims("anon", -5));
        assertThat(new TokenVerifier(keys(SECRET, null, null, Set.of(), Duration.ofSeconds(10), Set.of()))
                .verify(expiredFiveSecondsAgo).role()).isEqualTo("anon");
        assertThatThrownBy(() -> new TokenVerifier(keys(SECRET, null, null, Set.of(), Duration.ZERO, Set.of()))
                .verify(expiredFiveSecondsAgo)).hasMessage("token expired");
    }

    @Test
    void enforcesIssuerAndAudienceWhenConfigured() throws Exception {
        String issuer = "https://project.supabase.co/auth/v1";
        TokenVerifier strict = new TokenVerifier(keys(SECRET, null, issuer, Set.of("authenticated"), Duration.ofSeconds(10), Set.of()));
        String good = SupabaseTokens.hs256(SECRET, SupabaseTokens.user(issuer, Map.of(), Duration.ofMinutes(5)));
        assertThat(strict.verify(good).role()).isEqualTo("authenticated");
        String otherIssuer = SupabaseTokens.hs256(SECRET, SupabaseTokens.user("https://evil.example/auth/v1", Map.of(),
                Duration.ofMinutes(5)));
        assertThatThrownBy(() -> strict.verify(otherIssuer)).hasMessageContaining("issuer");
        JWTClaimsSet otherAudience = new JWTClaimsSet.Builder(SupabaseTokens.user(issuer, Map.of(), Duration.ofMinutes(5)))
                .audience("some-other-api").build();
        assertThatThrownBy(() -> strict.verify(SupabaseTokens.hs256(SECRET, otherAudience))).hasMessageContaining("audience");
        JWTClaimsSet noAudience = new JWTClaimsSet.Builder(SupabaseTokens.user(issuer, Map.of(), Duration.ofMinutes(5)))
                .audience((String) null).build();
        assertThatThrownBy(() -> strict.verify(SupabaseTokens.hs256(SECRET, noAudience))).hasMessageContaining("aud");
        assertThat(new TokenVerifier(SECRET).verify(otherIssuer).role()).as("not checked when not configured")
                .isEqualTo("authenticated");
    }

    @Test
    void readsSupabaseClaimsIncludingNestedTenantData() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(SupabaseTokens.user("https://p.supabase.co/auth/v1",
                Map.of("restaurant_ids", List.of(7, "8"), "customer_id", 17), Duration.ofMinutes(5)))
                .claim("nullable", null).build();
        Principal principal = new TokenVerifier(SECRET).verify(SupabaseTokens.hs256(SECRET, claims));
        assertThat(principal.role()).isEqualTo("authenticated");
        assertThat(principal.subject()).matches("[0-9a-f-]{36}");
        assertThat(principal.claimValues("app_metadata.restaurant_ids")).containsExactly(7L, 8L);
        assertThat(principal.claimValues("app_metadata.customer_id")).containsExactly(17L);
        assertThat(principal.hasClaim("app_metadata.restaurant_ids")).isTrue();
        assertThat(principal.hasClaim("app_metadata.missing")).isFalse();
        assertThat(principal.claimValues("app_metadata")).as("an object is not a value").isEmpty();
    }

    @Test
    void acceptsRs256Es256AndEdDsaFromAJwksAndHs256OnlyWithASecret() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        Ed25519 ed = Ed25519.generate("ed-1");
        try (JwksServer jwks = JwksServer.serving(List.of(rsa, ec, ed.jwk()))) {
            TokenVerifier jwksOnly = new TokenVerifier(keys(null, jwks.url(), null, Set.of(), Duration.ofSeconds(10), Set.of()));
            SignedJWT rs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), claims("customer", 60));
            rs256.sign(new RSASSASigner(rsa));
            SignedJWT es256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims("anon", 60));
            es256.sign(new ECDSASigner(ec));
            assertThat(jwksOnly.verify(rs256.serialize()).role()).isEqualTo("customer");
            assertThat(jwksOnly.verify(es256.serialize()).role()).isEqualTo("anon");
            assertThat(jwksOnly.verify(ed.sign(claims("restaurant_staff", 60))).role()).isEqualTo("restaurant_staff");
            assertThatThrownBy(() -> jwksOnly.verify(ed.signWith(Ed25519.generate("ed-1"), claims("service_role", 60))))
                    .as("same kid, other key").hasMessageContaining("signature");
            assertThatThrownBy(() -> jwksOnly.verify(DevTokens.mint(SECRET, "service_role", List.of(), null, Duration.ofMinutes(1))))
                    .as("HS256 is off when only a JWKS is configured").hasMessageContaining("does not accept");

            TokenVerifier both = new TokenVerifier(keys(SECRET, jwks.url(), null, Set.of(), Duration.ofSeconds(10), Set.of()));
            assertThat(both.verify(DevTokens.mint(SECRET, "anon", List.of(), null, Duration.ofMinutes(1))).role()).isEqualTo("anon");
            assertThat(both.verify(es256.serialize()).role()).isEqualTo("anon");
            assertThatThrownBy(() -> new TokenVerifier(SECRET).verify(rs256.serialize())).isInstanceOf(AuthException.class);
        }
    }

    @Test
    void refusesAnHs256TokenSignedWithTheJwksPublicKey() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        try (JwksServer jwks = JwksServer.serving(List.of(rsa))) {
            TokenVerifier verifier = new TokenVerifier(keys(SECRET, jwks.url(), null, Set.of(), Duration.ofSeconds(10), Set.of()));
            SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                    claims("service_role", 60));
            confused.sign(new MACSigner(Arrays.copyOf(rsa.toPublicKey().getEncoded(), 256)));
            assertThatThrownBy(() -> verifier.verify(confused.serialize())).isInstanceOf(AuthException.class);
        }
    }

    @Test
    void fetchesTheJwksAgainWhenATokenNamesAnUnknownKid() throws Exception {
        ECKey first = new ECKeyGenerator(Curve.P_256).keyID("key-1").generate();
        ECKey rotated = new ECKeyGenerator(Curve.P_256).keyID("key-2").generate();
        try (JwksServer jwks = JwksServer.serving(List.of(first))) {
            TokenVerifier verifier = new TokenVerifier(keys(null, jwks.url(), null, Set.of(), Duration.ofSeconds(10), Set.of()));
            assertThat(verifier.verify(SupabaseTokens.es256(first, claims("anon", 60))).role()).isEqualTo("anon");
            int fetched = jwks.fetches();
            for (int i = 0; i < 5; i++) {
                assertThat(verifier.verify(SupabaseTokens.es256(first, claims("anon", 60))).role()).isEqualTo("anon");
            }
            assertThat(jwks.fetches()).as("cached: known keys need no fetch").isEqualTo(fetched);
            jwks.publish(List.of(first, rotated));
            assertThat(verifier.verify(SupabaseTokens.es256(rotated, claims("customer", 60))).role()).isEqualTo("customer");
            assertThat(jwks.fetches()).as("the unknown kid made it fetch again").isGreaterThan(fetched);
        }
    }

    @Test
    void acceptsConfiguredPublishableKeysAsAnonAndNothingElse() throws Exception {
        String key = "sb_publishable_5bEFXsmKMoQ3m2Yd0ejkDA_qeDYvR9u";
        TokenVerifier verifier = new TokenVerifier(keys(SECRET, null, null, Set.of(), Duration.ofSeconds(10), Set.of(key)));
        Principal anon = verifier.verify(key);
        assertThat(anon.role()).isEqualTo("anon");
        assertThat(anon.expiresAt()).as("a key does not expire").isNull();
        assertThat(anon.isExpired(java.time.Instant.now())).isFalse();
        assertThatThrownBy(() -> verifier.verify("sb_publishable_someone-elses-project-key"))
                .hasMessageContaining("not one of this gateway's");
        assertThatThrownBy(() -> verifier.verify("sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz"))
                .hasMessageContaining("secret API keys");
        assertThatThrownBy(() -> new TokenVerifier(SECRET).verify(key)).as("no keys configured")
                .isInstanceOf(AuthException.class);
    }

    /** An Ed25519 key pair signed with the JDK (the JOSE library's own Ed25519 signer needs Tink). */
    private record Ed25519(KeyPair pair, OctetKeyPair jwk) {
        static Ed25519 generate(String kid) throws Exception {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] encoded = pair.getPublic().getEncoded();
            byte[] x = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
            return new Ed25519(pair, new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).build());
        }

        String sign(JWTClaimsSet claims) throws Exception {
            return signWith(this, claims);
        }

        /** A token whose header names this key's kid, signed with {@code signer}'s private key. */
        String signWith(Ed25519 signer, JWTClaimsSet claims) throws Exception {
            String input = Base64URL.encode("{\"alg\":\"EdDSA\",\"kid\":\"" + jwk.getKeyID() + "\",\"typ\":\"JWT\"}") + "."
                    + Base64URL.encode(claims.toString());
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(signer.pair.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64URL.encode(signature.sign());
        }
    }
}
