package com.menuca.promo.harness.platform;

import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.SupabaseTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Who uses the platform's code, with the credentials a Supabase project gives them: the anonymous
 * browser (the publishable key, or a legacy anon JWT key), a signed-in customer and a restaurant's
 * staff (session tokens as Supabase Auth issues them, tenant data under {@code app_metadata}), and
 * an operator's backend (the legacy service_role key). Tokens are signed with the dev secret
 * {@code promo dev} verifies with.
 *
 * @param key         what {@code createClient(url, key)} is given
 * @param accessToken the signed-in user's session token ({@code accessToken} option), or null
 */
record PlatformUsers(String name, String key, String accessToken) {
    private static final String ISSUER = "http://127.0.0.1/auth/v1";

    static PlatformUsers anonymous() {
        return new PlatformUsers("anon", PromoDev.PUBLISHABLE_KEY, null);
    }

    static PlatformUsers anonymousLegacyKey() {
        return new PlatformUsers("anon-jwt", DevTokens.mint(DevTokens.DEV_SECRET, "anon", List.of(), null, Duration.ofHours(2)),
                null);
    }

    static PlatformUsers customer(long customerId) {
        return new PlatformUsers("customer", PromoDev.PUBLISHABLE_KEY, session(Map.of("customer_id", customerId)));
    }

    static PlatformUsers staff(long... restaurantIds) {
        return new PlatformUsers("staff", PromoDev.PUBLISHABLE_KEY,
                session(Map.of("restaurant_ids", java.util.Arrays.stream(restaurantIds).boxed().toList())));
    }

    static PlatformUsers operator() {
        return new PlatformUsers("operator", DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null,
                Duration.ofHours(2)), null);
    }

    private static String session(Map<String, Object> appMetadata) {
        return SupabaseTokens.hs256(DevTokens.DEV_SECRET, SupabaseTokens.user(ISSUER, appMetadata, Duration.ofHours(2)));
    }

    /** Creates this user's client in {@code js}, named {@code id}. */
    void connect(SupabaseJs js, String id, PromoDev dev) {
        js.client(id, dev.stack().httpUrl(), key, accessToken);
    }
}
