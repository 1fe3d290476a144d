package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a set of redemption counts is about. */
public enum CountsScope {
    COUPON, DEAL, RESTAURANT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
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
