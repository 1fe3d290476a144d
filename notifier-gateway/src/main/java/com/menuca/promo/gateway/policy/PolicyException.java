package com.menuca.promo.gateway.policy;

/** A policy file that cannot be used; the message names the rule and field at fault. */
public final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
