package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads columns of a row image as the capture writes them (numbers, decimal strings, ISO-8601
 * timestamps), failing with an {@link InvalidChangeException} that names the table and column.
 */
final class RowFields {
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Whether the derivations hold this time: years 1 to 9999 (see {@link #requiredInstant}); commit times too. */
    static boolean withinHeldYears(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    private final String table;
    private final JsonNode row;

    RowFields(String table, JsonNode row) {
        this.table = table;
        this.row = row;
    }

    long requiredLong(String column) {
        JsonNode node = present(column);
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw invalid(column, "is not a whole number: " + node);
        }
        return node.asLong();
    }

    Long optionalLong(String column) {
        return isAbsent(column) ? null : requiredLong(column);
    }

    Integer optionalInt(String column) {
        if (isAbsent(column)) {
            return null;
        }
        JsonNode node = row.get(column);
        if (!node.canConvertToExactIntegral() || !node.canConvertToInt()) {
            throw invalid(column, "is not a whole number: " + node);
        }
        return node.asInt();
    }

    String requiredText(String column) {
        JsonNode node = present(column);
        if (!node.isTextual()) {
            throw invalid(column, "is not text: " + node);
        }
        return node.asText();
    }

    String optionalText(String column) {
        return isAbsent(column) ? null : requiredText(column);
    }

    boolean requiredBoolean(String column) {
        JsonNode node = present(column);
        if (!node.isBoolean()) {
            throw invalid(column, "is not a boolean: " + node);
        }
        return node.asBoolean();
    }

    /**
     * A {@code numeric(precision, scale)} column: a value PostgreSQL could not store in it (more digits
     * before or after the point, such as {@code 1e400}) breaks the row's contract and is refused here,
     * before it reaches an event's decimal fields.
     */
    BigDecimal requiredDecimal(String column, int precision, int scale) {
        JsonNode node = present(column);
        BigDecimal value;
        try {
            value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
            throw invalid(column, "is not a decimal number: " + node);
        }
        BigDecimal significant = value.stripTrailingZeros();
        if (significant.scale() > scale || significant.precision() - significant.scale() > precision - scale) {
            throw invalid(column, "does not fit numeric(" + precision + ", " + scale + "): " + node);
        }
        return value;
    }

    BigDecimal optionalDecimal(String column, int precision, int scale) {
        return isAbsent(column) ? null : requiredDecimal(column, precision, scale);
    }

    Instant requiredInstant(String column) {
        String text = requiredText(column);
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(column, "is not an ISO-8601 UTC timestamp: " + text);
        }
        // PostgreSQL accepts years up to 294276; the derivations keep times as epoch micros and index
        // timers by fixed-width epoch millis, which years past 9999 overflow: refused here, as a dead
        // letter, rather than failing a derivation on every attempt
        if (!withinHeldYears(instant)) {
            throw invalid(column, "is outside years 1 to 9999: " + text);
        }
        return instant;
    }

    Instant optionalInstant(String column) {
        return isAbsent(column) ? null : requiredInstant(column);
    }

    private boolean isAbsent(String column) {
        JsonNode node = row.get(column);
        return node == null || node.isNull();
    }

    private JsonNode present(String column) {
        if (isAbsent(column)) {
            throw invalid(column, "is missing");
        }
        return row.get(column);
    }

    private InvalidChangeException invalid(String column, String problem) {
        return new InvalidChangeException(InvalidChangeException.INVALID_ROW,
                table + " row: column " + column + " " + problem);
    }
}
