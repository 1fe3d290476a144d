package com.menuca.promo.capture;

/**
 * A capture problem a person has to fix (wrong server setting, missing privilege, missing table).
 * The message names what failed, the value found and the remedy; retrying will not help.
 */
public class CaptureException extends RuntimeException {
    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
