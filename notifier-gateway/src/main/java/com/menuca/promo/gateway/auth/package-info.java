/**
 * Tokens: JWT verification (HS256 with a configured secret, RS256/ES256 from a JWKS) into a
 * {@link com.menuca.promo.gateway.auth.Principal}, and dev tokens signed with the dev secret.
 */
package com.menuca.promo.gateway.auth;
