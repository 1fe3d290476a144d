package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * The tokens one socket presents, verified once each. supabase-js sends its access token with every
 * join (and again in each refresh): verifying the same string again parses it, checks its signature
 * and its claims, and comes to the same answer until it expires, so only a token other than the last
 * verified one, or the last one once expired, is verified again. The last token is kept as its
 * SHA-256, not as the string: a JWT is several hundred bytes, which every idle socket would hold.
 * Event loop only.
 */
final class SocketTokens {
    private byte[] lastDigest;
    private Principal lastPrincipal;

    /** Who {@code token} speaks for at {@code now}; throws as {@link TokenVerifier#verify} does. */
    Principal verify(String token, TokenVerifier verifier, Instant now) throws AuthException {
        byte[] digest = sha256(token);
        Principal known = lastPrincipal;
        if (known != null && MessageDigest.isEqual(digest, lastDigest) && !known.isExpired(now)) {
            return known;
        }
        Principal principal = verifier.verify(token);
        lastDigest = digest;
        lastPrincipal = principal;
        return principal;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
