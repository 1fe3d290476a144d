package com.menuca.promo.gateway.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The PostgreSQL column types of the captured tables, by the name realtime-js expects in
 * {@code columns[].type}, with how a value of each is read for comparisons: from a filter's text, or
 * from a row as Debezium wrote it (numbers, exact decimal strings, ISO-8601 UTC strings, booleans).
 * Decimals are normalized (no trailing zeros) so that equal amounts are equal keys in an index.
 */
public enum PgType {
    INT8("int8"), INT4("int4"), NUMERIC("numeric"), TEXT("text"), BOOL("bool"), TIMESTAMPTZ("timestamptz");

    /** ISO-8601 with 'T' or a space, optional fraction, offset as Z, +00, +00:00 or +0000. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private final String wireName;

    PgType(String wireName) {
        this.wireName = wireName;
    }

    /** The name PostgreSQL (and realtime-js) use: {@code int8}, {@code numeric}... */
    public String wireName() {
        return wireName;
    }

    /**
     * A filter literal as a comparable value of this type.
     *
     * @throws IllegalArgumentException when the text is not a value of this type; the message says which type
     */
    public Comparable<?> parseLiteral(String text) {
        try {
            return switch (this) {
                case INT8, INT4 -> Long.parseLong(text);
                case NUMERIC -> new BigDecimal(text).stripTrailingZeros();
                case TEXT -> text;
                case BOOL -> parseBool(text);
                case TIMESTAMPTZ -> parseTimestamp(text);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + wireName);
        }
    }

    /** A row value as Debezium wrote it, or null for SQL NULL or a value that cannot be read as this type. */
    public Comparable<?> fromRow(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        try {
            return switch (this) {
                case INT8, INT4 -> value.isNumber() ? value.longValue() : Long.parseLong(value.asText());
                case NUMERIC -> (value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText())).stripTrailingZeros();
                case TEXT -> value.asText();
                case BOOL -> value.isBoolean() ? value.booleanValue() : parseBool(value.asText());
                case TIMESTAMPTZ -> parseTimestamp(value.asText());
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return null;
        }
    }

    private static Boolean parseBool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "t" -> true;
            case "false", "f" -> false;
            default -> throw new NumberFormatException("not a boolean");
        };
    }

    private static Instant parseTimestamp(String text) {
        var parsed = TIMESTAMP.parseBest(text, OffsetDateTime::from, java.time.LocalDateTime::from);
        if (parsed instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.time.LocalDateTime) parsed).toInstant(java.time.ZoneOffset.UTC);
    }
}
