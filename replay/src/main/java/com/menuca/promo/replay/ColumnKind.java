package com.menuca.promo.replay;

import com.menuca.promo.catalog.SchemaShape;
import java.util.LinkedHashSet;
import java.util.Set;

/** What a column holds, decided from its JSON Schema: how CSV writes it and which Parquet type it gets. */
enum ColumnKind {
    STRING, INT32, INT64, BOOLEAN, DECIMAL, TIMESTAMP, DATE, JSON;

    /** The pattern of {@code common/types.json#/$defs/decimal}: exact decimal strings. */
    static final String DECIMAL_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$";

    static ColumnKind of(SchemaShape shape) {
        if (shape == null) {
            return JSON;
        }
        Set<String> types = new LinkedHashSet<>(shape.types());
        types.remove("null");
        if (types.size() != 1) {
            return JSON;
        }
        return switch (types.iterator().next()) {
            case "integer" -> INT64;
            case "boolean" -> BOOLEAN;
            case "string" -> DECIMAL_PATTERN.equals(shape.pattern()) ? DECIMAL
                    : "date-time".equals(shape.format()) ? TIMESTAMP
                    : "date".equals(shape.format()) ? DATE : STRING;
            default -> JSON;
        };
    }
}
