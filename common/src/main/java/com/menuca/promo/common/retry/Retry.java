package com.menuca.promo.common.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries an operation with exponential backoff until it succeeds, fails permanently, or the time
 * budget runs out. Every failed attempt is logged with what is being tried and when it will give up,
 * so a stuck start-up explains itself.
 */
public final class Retry {
    private static final Logger LOGGER = LoggerFactory.getLogger(Retry.class);

    /** An operation that may throw. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws Exception;
    }

    private final String what;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration giveUpAfter;
    private final Predicate<Exception> retriable;

    private Retry(String what, Duration initialDelay, Duration maxDelay, Duration giveUpAfter,
                  Predicate<Exception> retriable) {
        this.what = what;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.giveUpAfter = giveUpAfter;
        this.retriable = retriable;
    }

    /**
     * @param what        names the operation in log lines and the final error ("connect to PostgreSQL at db:5432")
     * @param giveUpAfter total time budget; the last attempt starts before it runs out
     */
    public static Retry of(String what, Duration giveUpAfter) {
        return new Retry(what, Duration.ofMillis(250), Duration.ofSeconds(5), giveUpAfter, e -> true);
    }

    /** Only exceptions matching {@code retriable} are retried; any other is rethrown at once. */
    public Retry retryingOnly(Predicate<Exception> retriable) {
        return new Retry(what, initialDelay, maxDelay, giveUpAfter, retriable);
    }

    public Retry withDelays(Duration initial, Duration max) {
        return new Retry(what, initial, max, giveUpAfter, retriable);
    }

    /**
     * Runs the attempt until it succeeds.
     *
     * @throws RetryExhaustedException when the time budget is spent; its cause is the last failure
     * @throws Exception               a non-retriable failure, unchanged
     */
    public <T> T call(Attempt<T> attempt) throws Exception {
        Instant deadline = Instant.now().plus(giveUpAfter);
        Duration delay = initialDelay;
        for (int number = 1; ; number++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (!retriable.test(e)) {
                    throw e;
                }
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative() || left.isZero()) {
                    throw new RetryExhaustedException("gave up trying to " + what + " after " + number
                            + " attempts in " + giveUpAfter.toSeconds() + " s: " + e.getMessage(), e);
                }
                LOGGER.warn("Could not {} (attempt {}): {}; retrying in {} ms, giving up in {} s",
                        what, number, e.getMessage(), delay.toMillis(), left.toSeconds());
                Thread.sleep(Math.min(delay.toMillis(), Math.max(1, left.toMillis())));
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }
}
