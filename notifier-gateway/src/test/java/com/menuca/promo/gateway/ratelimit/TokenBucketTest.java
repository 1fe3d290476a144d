package com.menuca.promo.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bucket with explicit clock values: no sleeping, no timing. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void takesSeveralTokensAtOnceOnlyWhenThatManyAreThere() {
        TokenBucket bucket = new TokenBucket(10, 10);
        long now = System.nanoTime();
        assertThat(bucket.tryTake(now, 7)).isTrue();
        assertThat(bucket.tryTake(now, 4)).as("3 left").isFalse();
        assertThat(bucket.nanosUntilTokens(now, 4)).isBetween(SECOND / 10 - 1_000, SECOND / 10 + 1_000);
        assertThat(bucket.tryTake(now + SECOND / 10, 4)).isTrue();
    }

    @Test
    void moreThanTheBurstIsTakenFromAFullBucketAndPaidBackBeforeTheNext() {
        TokenBucket bucket = new TokenBucket(10, 10);
        long now = System.nanoTime();
        assertThat(bucket.tryTake(now, 25)).as("a full bucket lets a larger run through").isTrue();
        assertThat(bucket.tryTake(now + SECOND, 1)).as("15 tokens of debt, 10 refilled").isFalse();
        assertThat(bucket.tryTake(now + 2 * SECOND, 1)).isTrue();
    }
}
