package com.menuca.promo.replay;

/** A replay cannot be done as asked (bad arguments, unknown topic, Kafka unreachable); the message says why and what to do. */
public final class ReplayException extends RuntimeException {
    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
