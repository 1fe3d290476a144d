package com.menuca.promo.gateway.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per key (a credential), for requests that do not belong to one socket. The
 * least recently used keys are forgotten past {@code maxKeys}, so the map is bounded whatever the
 * number of credentials (a forgotten key starts again with a full bucket). Thread-safe.
 */
public final class KeyedRateLimiter {
    private final double perSecond;
    private final double burst;
    private final Map<String, TokenBucket> buckets;

    public KeyedRateLimiter(double perSecond, double burst, int maxKeys) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Takes {@code count} tokens from the key's bucket if it has them. */
    public synchronized boolean tryTake(String key, int count, long nowNanos) {
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, nowNanos));
        return bucket.tryTake(nowNanos, count);
    }

    /** Keys remembered (for tests). */
    synchronized int keys() {
        return buckets.size();
    }
}
