package com.menuca.promo.processor.expiry;

/** What a timer announces when it fires. */
public enum TimerKind {
    /** A switched-on deal's starts_at arrives: it is published. */
    DEAL_STARTS("deal"),
    /** A live deal's ends_at is a horizon away. */
    DEAL_EXPIRING("deal"),
    /** A live deal's ends_at passes. */
    DEAL_EXPIRED("deal"),
    /** An active coupon's valid_until is a horizon away. */
    COUPON_EXPIRING("coupon"),
    /** An active coupon's valid_until passes. */
    COUPON_EXPIRED("coupon");

    private final String entityType;

    TimerKind(String entityType) {
        this.entityType = entityType;
    }

    /** {@code deal} or {@code coupon}. */
    public String entityType() {
        return entityType;
    }

    public boolean isWarning() {
        return this == DEAL_EXPIRING || this == COUPON_EXPIRING;
    }
}
