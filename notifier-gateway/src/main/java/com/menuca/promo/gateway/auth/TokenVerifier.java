package com.menuca.promo.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies what a client presents as its credential: a JWT (HS256 with the configured secret;
 * RS256, ES256 and EdDSA with keys from the configured JWKS, cached and fetched again when a token
 * names an unknown {@code kid}) or one of the configured publishable keys. Only the algorithms a
 * configured key serves are accepted: with a JWKS and no secret, HS256 is refused. {@code role}
 * and {@code exp} are required; {@code exp} and {@code nbf} are checked with the configured clock
 * skew; {@code iss} and {@code aud} when configured. Thread-safe.
 */
public final class TokenVerifier {
    private static final Set<String> REQUIRED_CLAIMS = Set.of("role", "exp");
    private static final int JWKS_CONNECT_TIMEOUT_MS = 2_000;
    private static final int JWKS_READ_TIMEOUT_MS = 2_000;
    /** A JWKS is a few keys; anything larger is not one. */
    private static final int JWKS_MAX_BYTES = 64 * 1024;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final PublishableKeys publishableKeys;
    private final String accepted;

    public TokenVerifier(VerificationKeys keys) {
        JWSKeySelector<SecurityContext> hmac = keys.hmacSecret() == null ? null : new JWSVerificationKeySelector<>(
                JWSAlgorithm.HS256, new ImmutableSecret<>(keys.hmacSecret().getBytes(StandardCharsets.UTF_8)));
        JWSKeySelector<SecurityContext> jwks = keys.jwksUrl() == null ? null : new JwksKeySelector(jwkSource(keys.jwksUrl()));
        processor.setJWSKeySelector(new ByAlgorithm(hmac, jwks));
        processor.setJWSVerifierFactory(new VerifierFactory());
        JWTClaimsSet exact = keys.issuer() == null ? null : new JWTClaimsSet.Builder().issuer(keys.issuer()).build();
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                keys.audiences().isEmpty() ? null : keys.audiences(), exact, REQUIRED_CLAIMS, null);
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, keys.clockSkew().toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
        publishableKeys = new PublishableKeys(keys.publishableKeys());
        accepted = (hmac != null ? "HS256" : "") + (hmac != null && jwks != null ? ", " : "")
                + (jwks != null ? "RS256, ES256, EdDSA from the JWKS" : "");
    }

    /** A verifier of HS256 tokens signed with one secret (tests, dev tools). */
    public TokenVerifier(String hmacSecret) {
        this(VerificationKeys.hmac(hmacSecret));
    }

    private static JWKSource<SecurityContext> jwkSource(String jwksUrl) {
        try {
            // cached (5 min), refreshed in the background before it expires, fetched again when a token
            // names a kid the cache lacks; at most two fetches per 30 s whatever clients send. The library's
            // 500 ms timeouts fail verification on a slow day; a fetch is rare, so allow a little more.
            return JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUrl).toURL(),
                            new DefaultResourceRetriever(JWKS_CONNECT_TIMEOUT_MS, JWKS_READ_TIMEOUT_MS, JWKS_MAX_BYTES))
                    .retrying(true)
                    .refreshAheadCache(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("JWKS URL '" + jwksUrl + "' is not a valid URL: " + e.getMessage(), e);
        }
    }

    /**
     * @param credential a JWT or a publishable key
     * @throws AuthException with a reason a client can act on ("token expired", "bad signature"...)
     */
    public Principal verify(String credential) throws AuthException {
        if (credential == null || credential.isBlank()) {
            throw new AuthException("no token: pass a JWT or publishable key as the apikey parameter or access_token");
        }
        if (PublishableKeys.looksLikeKey(credential)) {
            return publishableKeys.verify(credential);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(credential, null);
        } catch (ParseException e) {
            throw new AuthException("malformed token: not a signed JWT");
        } catch (BadJOSEException e) {
            throw new AuthException(describe(e));
        } catch (JOSEException e) {
            throw new AuthException("token could not be verified: " + e.getMessage());
        }
        Object role = claims.getClaim("role");
        if (!(role instanceof String roleName) || roleName.isBlank()) {
            throw new AuthException("token claim 'role' must be a non-empty string");
        }
        Map<String, Object> present = new HashMap<>();
        claims.getClaims().forEach((name, value) -> {
            if (value != null) {
                present.put(name, value);
            }
        });
        return new Principal(claims.getSubject(), roleName, claims.getExpirationTime().toInstant(), present);
    }

    private String describe(BadJOSEException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Expired JWT")) {
            return "token expired";
        }
        if (message.contains("aud claim") || message.contains("audience")) {
            return "token audience (aud) is not one this gateway accepts";
        }
        if (message.contains("iss claim")) {
            return "token issuer (iss) is not the one this gateway accepts";
        }
        if (message.contains("missing required claims")) {
            return "token lacks required claims (role and exp are required): " + message;
        }
        if (message.contains("before use time") || message.contains("nbf")) {
            return "token not valid yet (nbf)";
        }
        if (message.contains("Signed JWT rejected: Invalid signature") || message.contains("Invalid signature")) {
            return "token signature is not valid for this gateway's keys";
        }
        if (message.contains("No matching key") || message.contains("Another algorithm expected")
                || message.contains("not accepted") || message.contains("algorithm")) {
            return "token signed with an algorithm or key this gateway does not accept (accepted: " + accepted + ")";
        }
        return "token rejected: " + message;
    }

    /** Picks the HS256 or the JWKS key selector by the token's algorithm; none for any other algorithm. */
    private record ByAlgorithm(JWSKeySelector<SecurityContext> hmac, JWSKeySelector<SecurityContext> jwks)
            implements JWSKeySelector<SecurityContext> {
        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
            JWSKeySelector<SecurityContext> selector = JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? hmac
                    : JwksKeySelector.ALGORITHMS.contains(header.getAlgorithm()) ? jwks : null;
            return selector == null ? List.of() : selector.selectJWSKeys(header, context);
        }
    }

    /** The library's verifiers, and the JDK's Ed25519 for EdDSA. */
    private static final class VerifierFactory extends DefaultJWSVerifierFactory {
        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (Ed25519JdkVerifier.ALGORITHMS.contains(header.getAlgorithm())) {
                if (!(key instanceof PublicKey publicKey) || !"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
                    throw new JOSEException("an EdDSA token needs an Ed25519 key");
                }
                return new Ed25519JdkVerifier(publicKey);
            }
            return super.createJWSVerifier(header, key);
        }
    }
}
