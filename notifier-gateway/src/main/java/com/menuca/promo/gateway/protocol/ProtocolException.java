package com.menuca.promo.gateway.protocol;

/** A frame that cannot be read as a protocol message; the message says what is wrong with it. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }
}
