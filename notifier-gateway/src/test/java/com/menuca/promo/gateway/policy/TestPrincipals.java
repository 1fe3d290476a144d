package com.menuca.promo.gateway.policy;

import com.menuca.promo.gateway.auth.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Verified tokens of each kind the default policy knows, for the policy's tests. */
final class TestPrincipals {
    static final Principal ANON = token("anon", Map.of());
    static final Principal CUSTOMER_7 = token("customer", Map.of("customer_id", 7L));
    static final Principal STAFF_42 = token("restaurant_staff", Map.of("restaurant_ids", List.of(42L, 44L)));
    static final Principal SERVICE = token("service_role", Map.of());
    static final Principal AUTHENTICATED = token("authenticated", Map.of());
    /** Supabase Auth's shape: role authenticated, tenant data under app_metadata. */
    static final Principal SUPABASE_STAFF_42 = token("authenticated",
            Map.of("app_metadata", Map.of("provider", "email", "restaurant_ids", List.of(42, 44))));
    static final Principal SUPABASE_CUSTOMER_7 = token("authenticated",
            Map.of("app_metadata", Map.of("provider", "email", "customer_id", "7")));

    private TestPrincipals() {
    }

    /** A token of {@code role} with these claims (and {@code role}), valid for an hour. */
    static Principal token(String role, Map<String, Object> claims) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        all.put("role", role);
        return new Principal(role, role, Instant.now().plusSeconds(3600), all);
    }
}
