package com.menuca.promo.gateway.cluster;

/**
 * A broadcast or presence could not be shared with the other gateways: its topic does not exist,
 * Kafka did not acknowledge it in time, or too much is waiting for Kafka. The client is told
 * ({@code Unavailable: <message>}) and may try again.
 */
public final class UnavailableException extends RuntimeException {
    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
