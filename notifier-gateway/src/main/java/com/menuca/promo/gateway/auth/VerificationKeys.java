package com.menuca.promo.gateway.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the gateway verifies credentials with.
 *
 * @param hmacSecret      HS256 secret (at least 32 bytes), or null: HS256 tokens are then refused
 * @param jwksUrl         where RS256, ES256 and EdDSA public keys are published, or null: those tokens are then refused
 * @param issuer          the {@code iss} every token must carry, or null for no check
 * @param audiences       {@code aud} values of which a token must carry one; empty for no check
 * @param clockSkew       tolerance for {@code exp} and {@code nbf}
 * @param publishableKeys opaque {@code sb_publishable_...} keys accepted as role {@code anon}
 */
public record VerificationKeys(String hmacSecret, String jwksUrl, String issuer, Set<String> audiences,
                               Duration clockSkew, Set<String> publishableKeys) {
    public VerificationKeys {
        audiences = Set.copyOf(audiences);
        publishableKeys = Set.copyOf(publishableKeys);
        Objects.requireNonNull(clockSkew, "clockSkew");
    }

    /** HS256 with one secret and nothing else (tests, dev tokens). */
    public static VerificationKeys hmac(String secret) {
        return new VerificationKeys(secret, null, null, Set.of(), Duration.ofSeconds(10), Set.of());
    }

    /** Whether any key can verify a token at all. */
    public boolean any() {
        return hmacSecret != null || jwksUrl != null;
    }
}
