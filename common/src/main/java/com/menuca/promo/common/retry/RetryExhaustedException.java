package com.menuca.promo.common.retry;

/** An operation kept failing until its time budget ran out. */
public final class RetryExhaustedException extends RuntimeException {
    public RetryExhaustedException(String message, Throwable lastFailure) {
        super(message, lastFailure);
    }
}
