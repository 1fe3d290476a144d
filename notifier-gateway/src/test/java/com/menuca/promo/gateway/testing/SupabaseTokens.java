package com.menuca.promo.gateway.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tokens shaped exactly as Supabase Auth issues them for a signed-in user: {@code iss}
 * {@code <project>/auth/v1}, {@code aud} and {@code role} {@code authenticated}, a UUID {@code sub},
 * {@code email}, {@code phone}, {@code app_metadata} (provider, providers, and the tenant data the
 * platform puts there), {@code user_metadata}, {@code aal}, {@code amr}, {@code session_id},
 * {@code is_anonymous}; signed ES256 with a {@code kid} (asymmetric signing keys) or HS256 with the
 * project's legacy JWT secret.
 */
public final class SupabaseTokens {
    private SupabaseTokens() {
    }

    /** The claims of a signed-in user with this {@code app_metadata} tenant data. */
    public static JWTClaimsSet user(String issuer, Map<String, Object> tenantData, Duration ttl) {
        Instant now = Instant.now();
        Map<String, Object> appMetadata = new LinkedHashMap<>();
        appMetadata.put("provider", "email");
        appMetadata.put("providers", List.of("email"));
        appMetadata.putAll(tenantData);
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(UUID.randomUUID().toString())
                .audience("authenticated")
                .expirationTime(Date.from(now.plus(ttl)))
                .issueTime(Date.from(now))
                .claim("email", "user@example.com")
                .claim("phone", "")
                .claim("app_metadata", appMetadata)
                .claim("user_metadata", Map.of("email_verified", true))
                .claim("role", "authenticated")
                .claim("aal", "aal1")
                .claim("amr", List.of(Map.of("method", "password", "timestamp", now.getEpochSecond())))
                .claim("session_id", UUID.randomUUID().toString())
                .claim("is_anonymous", false)
                .build();
    }

    /** ES256 with the key's {@code kid}, as projects with asymmetric JWT signing keys issue them. */
    public static String es256(ECKey key, JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims, signer(key));
    }

    /** HS256 with the project's (legacy) JWT secret. */
    public static String hs256(String secret, JWTClaimsSet claims) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims,
                    new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JWSSigner signer(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign: " + e.getMessage(), e);
        }
    }
}
