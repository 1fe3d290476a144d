package com.menuca.promo.common.kafka;

/**
 * Kafka cannot be used as configured, and waiting will not change that: credentials refused, a TLS
 * handshake that fails, a principal without the ACLs its service needs, a missing topic it may not
 * create. The message names what failed and how to fix it; services stop on it instead of retrying.
 */
public final class KafkaSetupException extends RuntimeException {
    public KafkaSetupException(String message, Throwable cause) {
        super(message, cause);
    }

    public KafkaSetupException(String message) {
        super(message);
    }
}
