package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a set of redemption counts is about. */
public enum CountsScope {
    COUPON, DEAL, RESTAURANT;

    /** Kept, not lowered at every call: the processor builds a tally's key from it for every deal it computes. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static CountsScope ofWireName(String name) {
        for (CountsScope scope : values()) {
            if (scope.wireName().equals(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown counts scope '" + name + "'; expected coupon, deal or restaurant");
    }
}
