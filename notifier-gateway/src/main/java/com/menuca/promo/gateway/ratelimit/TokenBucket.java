package com.menuca.promo.gateway.ratelimit;

/**
 * A token bucket refilled continuously at {@code ratePerSecond}, holding at most {@code burst}
 * tokens. Not thread-safe: each socket's buckets live on its event loop.
 */
public final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, double burst) {
        this(ratePerSecond, burst, System.nanoTime());
    }

    /** A full bucket as of {@code nowNanos} (for callers with their own clock). */
    public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes a token if one is available. */
    public boolean tryTake(long nowNanos) {
        return tryTake(nowNanos, 1);
    }

    /**
     * Takes {@code count} tokens at once if that many are available, or a full bucket when more than
     * the burst is asked for: the bucket then goes into debt, so the average rate still holds.
     */
    public boolean tryTake(long nowNanos, int count) {
        refill(nowNanos);
        if (tokens >= needed(count)) {
            tokens -= count;
            return true;
        }
        return false;
    }

    /** Nanoseconds until a token will be available (0 if one is). */
    public long nanosUntilToken(long nowNanos) {
        return nanosUntilTokens(nowNanos, 1);
    }

    /** Nanoseconds until {@link #tryTake(long, int)} of {@code count} can succeed (0 if it can now). */
    public long nanosUntilTokens(long nowNanos, int count) {
        refill(nowNanos);
        double needed = needed(count);
        return tokens >= needed ? 0 : (long) Math.ceil((needed - tokens) / ratePerNano);
    }

    private double needed(int count) {
        return Math.min(count, burst);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
