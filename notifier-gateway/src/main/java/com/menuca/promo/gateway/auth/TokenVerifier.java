package com.menuca.promo.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

/**
 * Verifies JWTs: HS256 with the configured shared secret, and RS256 / ES256 with keys from a JWKS
 * URL when one is configured (keys cached and refreshed by the library). {@code role} and
 * {@code exp} are required; {@code exp} and {@code nbf} are checked with a small clock skew.
 * Thread-safe.
 */
public final class TokenVerifier {
    private static final Set<String> REQUIRED_CLAIMS = Set.of("role", "exp");
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param hmacSecret the HS256 secret (at least 32 bytes), or null to refuse HS256 tokens
     * @param jwksUrl    where RS256/ES256 public keys are published, or null to refuse those tokens
     */
    public TokenVerifier(String hmacSecret, String jwksUrl) {
        JWSKeySelector<SecurityContext> hmac = hmacSecret == null ? null : new JWSVerificationKeySelector<>(
                JWSAlgorithm.HS256, new ImmutableSecret<>(hmacSecret.getBytes(StandardCharsets.UTF_8)));
        JWSKeySelector<SecurityContext> jwks = jwksUrl == null ? null
                : new JWSVerificationKeySelector<>(ASYMMETRIC, jwkSource(jwksUrl));
        processor.setJWSKeySelector(new ByAlgorithm(hmac, jwks));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, null, REQUIRED_CLAIMS, null));
    }

    private static JWKSource<SecurityContext> jwkSource(String jwksUrl) {
        try {
            return JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("JWKS URL '" + jwksUrl + "' is not a valid URL: " + e.getMessage(), e);
        }
    }

    /**
     * @throws AuthException with a reason a client can act on ("token expired", "bad signature"...)
     */
    public Principal verify(String token) throws AuthException {
        if (token == null || token.isBlank()) {
            throw new AuthException("no token: pass a JWT as the apikey parameter or access_token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
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
        return new Principal(claims.getSubject(), roleName, claims.getExpirationTime().toInstant(), claims.getClaims());
    }

    private static String describe(BadJOSEException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Expired JWT")) {
            return "token expired";
        }
        if (message.contains("missing required claims")) {
            return "token lacks required claims (role and exp are required): " + message;
        }
        if (message.contains("Signed JWT rejected") || message.contains("signature")) {
            return "token signature is not valid for this gateway's keys";
        }
        if (message.contains("JWS object rejected") || message.contains("No matching key")
                || message.contains("not accepted") || message.contains("algorithm")) {
            return "token signed with an algorithm or key this gateway does not accept (" + message + ")";
        }
        return "token rejected: " + message;
    }

    /** Picks the HS256 or the JWKS key selector by the token's algorithm. */
    private record ByAlgorithm(JWSKeySelector<SecurityContext> hmac, JWSKeySelector<SecurityContext> jwks)
            implements JWSKeySelector<SecurityContext> {
        @Override
        public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
            JWSKeySelector<SecurityContext> selector = JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? hmac
                    : ASYMMETRIC.contains(header.getAlgorithm()) ? jwks : null;
            return selector == null ? List.of() : selector.selectJWSKeys(header, context);
        }
    }
}
