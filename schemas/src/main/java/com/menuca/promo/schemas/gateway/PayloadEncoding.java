package com.menuca.promo.schemas.gateway;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a client broadcast's payload is carried. */
public enum PayloadEncoding {
    /** Any JSON value, as the client sent it. */
    JSON,
    /** Bytes (an ArrayBuffer sent by a vsn 2.0.0 client), base64 in the record. */
    BINARY;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PayloadEncoding ofWireName(String name) {
        for (PayloadEncoding encoding : values()) {
            if (encoding.wireName().equals(name)) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("unknown payload encoding '" + name + "'; expected json or binary");
    }
}
