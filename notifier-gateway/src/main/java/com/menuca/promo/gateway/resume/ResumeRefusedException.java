package com.menuca.promo.gateway.resume;

/** A resume that cannot be honoured without a gap; the join is refused with {@code code: message}. */
public final class ResumeRefusedException extends Exception {
    private final String code;

    public ResumeRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
