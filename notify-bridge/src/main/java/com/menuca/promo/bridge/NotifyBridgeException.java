package com.menuca.promo.bridge;

/** The bridge cannot go on without a person fixing something (a permission, a position gone from Kafka). */
public final class NotifyBridgeException extends RuntimeException {
    public NotifyBridgeException(String message) {
        super(message);
    }

    public NotifyBridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
