package com.menuca.promo.gateway.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who a verified token speaks for.
 *
 * @param subject   the {@code sub} claim, or null
 * @param role      the {@code role} claim ({@code anon}, {@code customer}, {@code restaurant_staff}, {@code service_role}...)
 * @param expiresAt the {@code exp} claim
 * @param claims    every claim of the token, as the JWT library read them
 */
public record Principal(String subject, String role, Instant expiresAt, Map<String, Object> claims) {
    public Principal {
        claims = Map.copyOf(claims);
    }

    /**
     * A claim's values as a set: a list claim gives its elements, a scalar itself, an absent claim
     * nothing. Whole numbers (and strings of digits) become {@link Long} so that they compare equal
     * to {@code bigint} columns.
     */
    public Set<Object> claimValues(String name) {
        Object value = claims.get(name);
        Set<Object> values = new LinkedHashSet<>();
        if (value instanceof Collection<?> many) {
            many.forEach(element -> addNormalized(values, element));
        } else if (value != null) {
            addNormalized(values, value);
        }
        return values;
    }

    private static void addNormalized(Set<Object> values, Object value) {
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            values.add(number.longValue());
        } else if (value instanceof String text && text.matches("-?\\d{1,18}")) {
            values.add(Long.parseLong(text));
        } else if (value != null) {
            values.add(value);
        }
    }

    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
