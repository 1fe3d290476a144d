package com.menuca.promo.common.config;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A fresh secret for a stack that starts its own services and so needs no configured one (the dev
 * stack, test stacks, benchmarks): each run gets its own, so nothing a run hands out works anywhere else.
 */
public final class RandomSecret {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecret() {
    }

    /** 32 random bytes as URL-safe base64 (43 characters): long enough for every secret setting's minimum. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
