package com.menuca.promo.gateway.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who a verified credential speaks for: a JWT's claims, or a publishable key's role.
 *
 * @param subject   the {@code sub} claim, or null
 * @param role      the {@code role} claim ({@code anon}, {@code authenticated}, {@code customer},
 *                  {@code restaurant_staff}, {@code service_role}...)
 * @param expiresAt the {@code exp} claim; null for a credential that does not expire (a publishable key)
 * @param claims    every claim of the token, as the JWT library read them (nested objects as maps)
 */
public record Principal(String subject, String role, Instant expiresAt, Map<String, Object> claims) {
    public Principal {
        role = role == null ? null : role.intern();
        claims = interned(claims, role);
    }

    /**
     * The claims, immutable, with their names interned and the role claim the same string as
     * {@code role}: every token repeats the same few names (sub, role, exp...) and a gateway keeps a
     * principal per socket, so each holds its own values only.
     */
    private static Map<String, Object> interned(Map<String, Object> claims, String role) {
        Map<String, Object> copy = new java.util.HashMap<>();
        claims.forEach((name, value) -> copy.put(name.intern(),
                "role".equals(name) && role != null && role.equals(value) ? role : value));
        return Map.copyOf(copy);
    }

    /**
     * A claim's values as a set: a list claim gives its elements, a scalar itself, an absent claim
     * nothing. {@code name} may be a dotted path into nested objects ({@code app_metadata.restaurant_ids},
     * as Supabase Auth puts tenant data); a top-level claim of exactly that name wins. Whole numbers
     * (and strings of digits) become {@link Long} so that they compare equal to {@code bigint} columns.
     */
    public Set<Object> claimValues(String name) {
        Object value = claim(name);
        Set<Object> values = new LinkedHashSet<>();
        if (value instanceof Collection<?> many) {
            many.forEach(element -> addNormalized(values, element));
        } else if (value != null && !(value instanceof Map<?, ?>)) {
            addNormalized(values, value);
        }
        return values;
    }

    /** Whether the claim (a name or dotted path) is present with at least one value. */
    public boolean hasClaim(String name) {
        return !claimValues(name).isEmpty();
    }

    private Object claim(String name) {
        if (claims.containsKey(name) || name.indexOf('.') < 0) {
            return claims.get(name);
        }
        Object node = claims;
        for (String part : name.split("\\.", -1)) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(part);
        }
        return node;
    }

    private static void addNormalized(Set<Object> values, Object value) {
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            values.add(number.longValue());
        } else if (value instanceof String text && text.matches("-?\\d{1,18}")) {
            values.add(Long.parseLong(text));
        } else if (value != null && !(value instanceof Map<?, ?>) && !(value instanceof Collection<?>)) {
            values.add(value);
        }
    }

    /** Whether the credential has expired by {@code now} (never, for one without {@code exp}). */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
