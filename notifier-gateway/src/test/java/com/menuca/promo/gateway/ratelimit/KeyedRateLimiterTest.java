package com.menuca.promo.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyedRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldLimitEachKeyOnItsOwn() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(5, 5, 100);
        assertThat(limiter.tryTake("a", 5, 0)).isTrue();
        assertThat(limiter.tryTake("a", 1, 0)).isFalse();
        assertThat(limiter.tryTake("b", 3, 0)).as("another credential").isTrue();
        // more than the burst at once takes a full bucket into debt: the average rate still holds
        assertThat(limiter.tryTake("a", 8, 10 * SECOND)).isTrue();
        assertThat(limiter.tryTake("a", 1, 10 * SECOND + SECOND / 2)).isFalse();
        assertThat(limiter.tryTake("a", 1, 11 * SECOND)).isTrue();
    }

    @Test
    void shouldRememberABoundedNumberOfKeys() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(1, 1, 3);
        for (int i = 0; i < 1_000; i++) {
            limiter.tryTake("key-" + i, 1, 0);
        }
        assertThat(limiter.keys()).isEqualTo(3);
    }
}
