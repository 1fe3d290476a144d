package com.menuca.promo.gateway;

/** The gateway could not start or run; the message says what to fix. */
public final class GatewayException extends RuntimeException {
    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
