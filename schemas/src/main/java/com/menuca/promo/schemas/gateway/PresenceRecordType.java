package com.menuca.promo.schemas.gateway;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a {@code promo.gateway.presence} value is. */
public enum PresenceRecordType {
    /** A client's presence on a channel. */
    PRESENCE,
    /** A gateway's heartbeat. */
    GATEWAY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PresenceRecordType ofWireName(String name) {
        for (PresenceRecordType type : values()) {
            if (type.wireName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown presence record type '" + name + "'; expected presence or gateway");
    }
}
