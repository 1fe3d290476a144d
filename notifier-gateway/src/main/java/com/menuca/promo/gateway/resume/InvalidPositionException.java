package com.menuca.promo.gateway.resume;

/** A resume position that this gateway cannot read (not one it issued, or damaged). */
public final class InvalidPositionException extends Exception {
    public InvalidPositionException(String message) {
        super(message);
    }
}
