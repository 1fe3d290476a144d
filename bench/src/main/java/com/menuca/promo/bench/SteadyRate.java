package com.menuca.promo.bench;

/** Pacing for writers that commit at a steady rate: wait (mostly sleeping) until a row is due. */
public final class SteadyRate {
    private SteadyRate() {
    }

    /**
     * Returns at or after {@code dueNanos} ({@link System#nanoTime()} time), spinning only for the
     * last 0.2 ms; the result is the time it returned, so callers can see how far behind they run.
     */
    public static long awaitDue(long dueNanos) throws InterruptedException {
        long now;
        while ((now = System.nanoTime()) < dueNanos) {
            if (dueNanos - now > 200_000) {
                Thread.sleep(0, 100_000);
            }
        }
        return now;
    }
}
