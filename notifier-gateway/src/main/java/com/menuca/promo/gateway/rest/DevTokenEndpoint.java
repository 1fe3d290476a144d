package com.menuca.promo.gateway.rest;

import com.menuca.promo.gateway.auth.DevTokens;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /dev/token?role=restaurant_staff&restaurant=3} or {@code ?role=customer&customer=17}: mints
 * a demo token with the gateway's own secret, so the dashboard of {@code promo dev} can show any
 * restaurant or customer without a login. It exists only in {@code promo dev} (and tests), never in
 * {@code promo gateway}: anyone who reaches the port can act as any restaurant or customer. Its
 * answers carry no CORS header, so other sites a developer visits cannot read them.
 * {@code service_role} is never minted here.
 */
public final class DevTokenEndpoint {
    static final String PATH = "/dev/token";
    private static final Duration TTL = Duration.ofHours(1);
    /** operator: the dashboard's operator view (pipeline metrics only; the policy grants it no channel). */
    private static final Set<String> ROLES = Set.of("restaurant_staff", "customer", "anon", "operator");

    private final String secret;

    public DevTokenEndpoint(String secret) {
        this.secret = secret;
    }

    /**
     * @param query the request's query parameters
     * @return the response body
     * @throws IllegalArgumentException with the reason, for a 400
     */
    Map<String, Object> mint(Map<String, List<String>> query) {
        String role = single(query, "role");
        if (role == null || !ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES.stream().sorted().toList());
        }
        Long restaurant = number(query, "restaurant");
        Long customer = number(query, "customer");
        if (role.equals("restaurant_staff") && restaurant == null) {
            throw new IllegalArgumentException("restaurant_staff needs restaurant=<id>");
        }
        if (role.equals("customer") && customer == null) {
            throw new IllegalArgumentException("customer needs customer=<id>");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", DevTokens.mint(secret, role,
                role.equals("restaurant_staff") ? List.of(restaurant) : List.of(),
                role.equals("customer") ? customer : null, TTL));
        body.put("token_type", "bearer");
        body.put("expires_in", TTL.toSeconds());
        return body;
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Long number(Map<String, List<String>> query, String name) {
        String text = single(query, name);
        if (text == null) {
            return null;
        }
        if (!text.matches("\\d{1,18}")) {
            throw new IllegalArgumentException(name + " must be a positive whole number, got '" + text + "'");
        }
        return Long.parseLong(text);
    }
}
