package com.menuca.promo.catalog.admin;

/** A Kafka admin operation failed; the message names the operation, the cluster and the cause. */
public final class TopicAdminException extends RuntimeException {
    public TopicAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
