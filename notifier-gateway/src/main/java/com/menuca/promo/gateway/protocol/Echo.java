package com.menuca.promo.gateway.protocol;

/**
 * How much of what a client sent may come back in a reply: a short prefix. A reply that quoted
 * whole client input would let a client make the gateway hold and send more bytes than it sent.
 */
public final class Echo {
    /** Characters of client input quoted in a reply. */
    public static final int PREFIX_CHARS = 40;
    /** Longest reason text of an error reply. */
    public static final int MAX_REASON_CHARS = 300;

    private Echo() {
    }

    /** {@code value} itself when short, else its first {@value #PREFIX_CHARS} characters and an ellipsis. */
    public static String prefix(String value) {
        if (value == null || value.length() <= PREFIX_CHARS) {
            return value;
        }
        return value.substring(0, PREFIX_CHARS) + "…";
    }

    /** Cuts a reason text to {@value #MAX_REASON_CHARS} characters. */
    static String reason(String text) {
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
    }
}
