package com.menuca.promo.gateway.security;

import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the security suite's classes share: a production secret of their own, and tokens signed with it. */
final class SecuritySuite {
    /** An HS256 secret as an operator would set it: 32+ random-looking bytes, not the dev secret. */
    static final String SECRET = "s3cur1ty-su1te-0wn-secret-9f2c4e8a1b7d6053";

    private SecuritySuite() {
    }

    /** Settings of a production gateway verifying HS256 with {@link #SECRET}. */
    static Map<String, String> withSecret() {
        return Map.of(GatewayConfig.JWT_SECRET.key(), SECRET);
    }

    static String token(String role, List<Long> restaurants, Long customer) {
        return DevTokens.mint(SECRET, role, restaurants, customer, Duration.ofHours(1));
    }

    static String staff(long restaurant) {
        return token("restaurant_staff", List.of(restaurant), null);
    }

    static String anon() {
        return token("anon", List.of(), null);
    }

    static String customer(long customer) {
        return token("customer", List.of(), customer);
    }

    static String service() {
        return token("service_role", List.of(), null);
    }
}
