package com.menuca.promo.capture.publish;

/** Kafka refused or timed out a change; the engine stops without committing and is restarted. */
public final class KafkaPublishException extends RuntimeException {
    public KafkaPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
