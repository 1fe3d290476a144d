package com.menuca.promo.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of topic a catalogue entry is; {@code promo replay --topic cdc|derived} selects by it. */
public enum TopicGroup {
    /** Raw changes of a captured table (Debezium envelopes). */
    CDC,
    /** Business events and state derived by the stream processor. */
    DERIVED,
    /** State the gateway instances share: client presence and client broadcasts. */
    GATEWAY,
    /** A service's own bookkeeping (offsets, ...): owned and checked, not a contract for consumers. */
    INTERNAL;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TopicGroup ofLabel(String label) {
        for (TopicGroup group : values()) {
            if (group.label().equals(label)) {
                return group;
            }
        }
        throw new IllegalArgumentException("unknown group '" + label + "'; expected cdc, derived, gateway or internal");
    }
}
