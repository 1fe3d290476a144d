package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The payload of an event type this version of the contracts does not know (added after it was
 * released): its fields as plain Java values (maps, lists, strings, numbers, booleans, null), written
 * back unchanged.
 */
public final class UnknownEventData implements EventData {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public UnknownEventData() {
    }

    public UnknownEventData(Map<String, ?> fields) {
        this.fields.putAll(fields);
    }

    @JsonAnySetter
    void put(String name, Object value) {
        fields.put(name, value);
    }

    /** The payload's fields in arrival order. */
    @JsonAnyGetter
    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnknownEventData that && fields.equals(that.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields);
    }

    @Override
    public String toString() {
        return "UnknownEventData" + fields;
    }
}
