package com.menuca.promo.gateway.auth;

/** A token that is missing, malformed, badly signed, expired or lacks a required claim. */
public final class AuthException extends Exception {
    public AuthException(String message) {
        super(message);
    }
}
