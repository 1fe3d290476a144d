/**
 * Credentials: JWT verification (HS256 with a configured secret; RS256, ES256 and EdDSA with keys
 * from a JWKS; issuer, audience and clock skew as configured) and Supabase publishable keys, into a
 * {@link com.menuca.promo.gateway.auth.Principal}; dev tokens signed with the dev secret of
 * {@code promo dev}.
 */
package com.menuca.promo.gateway.auth;
