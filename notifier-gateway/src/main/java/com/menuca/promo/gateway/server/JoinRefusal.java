package com.menuca.promo.gateway.server;

/**
 * Why a join is refused: {@code code} names the kind ({@code Unauthorized}, {@code InvalidFilter}...),
 * the message says what to change. Sent as {@code "reason": "<code>: <message>"}.
 */
final class JoinRefusal extends Exception {
    private final String code;

    JoinRefusal(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
