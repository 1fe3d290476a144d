package com.menuca.promo.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Supabase's opaque publishable keys ({@code sb_publishable_...}): not JWTs, handed to browsers as
 * {@code apikey}. A listed key stands for role {@code anon}; what a user may see beyond that comes
 * with their session JWT in each join's {@code access_token}. Compared in constant time.
 */
final class PublishableKeys {
    static final String PREFIX = "sb_publishable_";
    static final String SECRET_PREFIX = "sb_secret_";
    static final String ROLE = "anon";

    private final List<byte[]> keys;

    PublishableKeys(Set<String> keys) {
        this.keys = keys.stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
    }

    static boolean looksLikeKey(String credential) {
        return credential.startsWith(PREFIX) || credential.startsWith(SECRET_PREFIX);
    }

    /**
     * @throws AuthException for a secret key (never meant for clients) or a publishable key not configured here
     */
    Principal verify(String credential) throws AuthException {
        if (credential.startsWith(SECRET_PREFIX)) {
            throw new AuthException("secret API keys (sb_secret_...) are for servers and are not accepted by this "
                    + "gateway: use a publishable key or a JWT");
        }
        byte[] given = credential.getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] key : keys) {
            known |= MessageDigest.isEqual(key, given);
        }
        if (!known) {
            throw new AuthException("publishable key is not one of this gateway's (gateway.publishable.keys)");
        }
        return new Principal(null, ROLE, null, Map.of("role", ROLE));
    }
}
