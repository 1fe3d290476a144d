package com.menuca.promo.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * Mints HS256 tokens for development and tests ({@code promo token}). The dev secret is public: a
 * gateway using it must never face real users (set {@code gateway.jwt.secret} in production).
 */
public final class DevTokens {
    /** The default HS256 secret of the gateway and of {@code promo token}. */
    public static final String DEV_SECRET = "promo-realtime-dev-secret-not-for-production-use";

    private DevTokens() {
    }

    /**
     * @param role        the {@code role} claim
     * @param restaurants restaurant ids for {@code restaurant_ids} (omitted when empty)
     * @param customerId  {@code customer_id}, or null
     * @param ttl         time until {@code exp}
     */
    public static String mint(String secret, String role, Collection<Long> restaurants, Long customerId, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(customerId != null ? "customer-" + customerId : role)
                .claim("role", role)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        if (!restaurants.isEmpty()) {
            claims.claim("restaurant_ids", List.copyOf(restaurants));
        }
        if (customerId != null) {
            claims.claim("customer_id", customerId);
        }
        return sign(secret, claims.build());
    }

    /** Signs arbitrary claims with HS256 (tests of missing or odd claims). */
    public static String sign(String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign token: " + e.getMessage(), e);
        }
    }
}
