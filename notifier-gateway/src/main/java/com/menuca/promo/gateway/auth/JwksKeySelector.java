package com.menuca.promo.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of a JWKS that may verify a token's signature: keys of the type and curve its
 * algorithm needs, with its {@code kid} when it names one. The source caches the set and fetches
 * it again when no cached key matches (a rotated-in {@code kid}), rate-limited.
 */
final class JwksKeySelector implements JWSKeySelector<SecurityContext> {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA,
            JWSAlgorithm.Ed25519);
    private static final Logger LOGGER = LoggerFactory.getLogger(JwksKeySelector.class);

    private final JWKSource<SecurityContext> source;

    JwksKeySelector(JWKSource<SecurityContext> source) {
        this.source = source;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            return List.of();
        }
        JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
        if (matcher == null) {
            return List.of();
        }
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : source.get(new JWKSelector(matcher), context)) {
            try {
                PublicKey key = publicKey(jwk);
                if (key != null) {
                    keys.add(key);
                }
            } catch (JOSEException | GeneralSecurityException e) {
                LOGGER.warn("JWKS key '{}' cannot be used: {}", jwk.getKeyID(), e.getMessage());
            }
        }
        return keys;
    }

    private static PublicKey publicKey(JWK jwk) throws JOSEException, GeneralSecurityException {
        if (jwk instanceof RSAKey rsa) {
            return rsa.toRSAPublicKey();
        }
        if (jwk instanceof ECKey ec) {
            return ec.toECPublicKey();
        }
        if (jwk instanceof OctetKeyPair okp) {
            return Ed25519JdkVerifier.publicKey(okp);
        }
        return null;
    }
}
