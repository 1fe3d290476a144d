package com.menuca.promo.gateway.filter;

/** A filter that cannot be used: malformed, an unknown column or operator, a value of the wrong type. */
public final class FilterException extends Exception {
    public FilterException(String message) {
        super(message);
    }
}
