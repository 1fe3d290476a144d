package com.menuca.promo.replay.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The Parquet type of each kind of column and the conversion of a JSON value to it: integers INT64,
 * money DECIMAL(38, 2), times TIMESTAMP (microseconds, UTC), dates DATE, text and nested values (as JSON
 * text) UTF-8 strings. Every column is optional: a null or absent value is a null.
 */
public final class ParquetColumns {
    /**
     * Scale of every decimal column. Each numeric in the contract is money or a percentage with two
     * decimals ({@code numeric(10,2)}, {@code numeric(5,2)}, sums and rates of them); a value with more
     * decimals is refused, never rounded.
     */
    public static final int DECIMAL_SCALE = 2;
    /** The widest precision a 16-byte fixed-length decimal holds. */
    public static final int DECIMAL_PRECISION = 38;
    private static final int DECIMAL_BYTES = 16;

    /** The Parquet side of a column. */
    public enum Type { STRING, INT32, INT64, BOOLEAN, DECIMAL, TIMESTAMP, DATE, JSON }

    private ParquetColumns() {
    }

    static void add(Types.MessageTypeBuilder message, String name, Type type) {
        switch (type) {
            case STRING -> message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            case JSON -> message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.jsonType()).named(name);
            case INT32 -> message.optional(PrimitiveTypeName.INT32).named(name);
            case INT64 -> message.optional(PrimitiveTypeName.INT64).named(name);
            case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN).named(name);
            case DECIMAL -> message.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(DECIMAL_BYTES)
                    .as(LogicalTypeAnnotation.decimalType(DECIMAL_SCALE, DECIMAL_PRECISION)).named(name);
            case TIMESTAMP -> message.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
            case DATE -> message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
            default -> throw new IllegalArgumentException("no Parquet type for " + type);
        }
    }

    /**
     * The cell for a JSON value: null for null or missing; a timestamp from ISO-8601 text or epoch milliseconds.
     *
     * @throws IllegalArgumentException naming the column when the value does not fit its type
     */
    static Object cell(String column, Type type, JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        try {
            return switch (type) {
                case STRING -> value.isValueNode() ? value.asText() : value.toString();
                case JSON -> value.isTextual() ? value.asText() : value.toString();
                case INT32 -> Math.toIntExact(requireIntegral(value));
                case INT64 -> requireIntegral(value);
                case BOOLEAN -> requireBoolean(value);
                case DECIMAL -> new BigDecimal(value.asText()).setScale(DECIMAL_SCALE, RoundingMode.UNNECESSARY);
                case TIMESTAMP -> micros(value.isIntegralNumber() ? Instant.ofEpochMilli(value.asLong()) : Instant.parse(value.asText()));
                case DATE -> Math.toIntExact(LocalDate.parse(value.asText()).toEpochDay());
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column " + column + ": " + value + " is not a " + type + " ("
                    + e.getMessage() + ")", e);
        }
    }

    private static long requireIntegral(JsonNode value) {
        if (!value.canConvertToExactIntegral()) {
            throw new IllegalArgumentException("not a whole number");
        }
        return value.asLong();
    }

    private static boolean requireBoolean(JsonNode value) {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("not true or false");
        }
        return value.asBoolean();
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** The decimal's unscaled value as 16 bytes, big-endian two's complement, as Parquet's fixed-length decimal. */
    static byte[] fixed(BigDecimal value) {
        byte[] unscaled = value.unscaledValue().toByteArray();
        if (unscaled.length > DECIMAL_BYTES) {
            throw new IllegalArgumentException(value + " does not fit DECIMAL(" + DECIMAL_PRECISION + ", " + DECIMAL_SCALE + ")");
        }
        byte[] fixed = new byte[DECIMAL_BYTES];
        Arrays.fill(fixed, 0, DECIMAL_BYTES - unscaled.length, (byte) (unscaled[0] < 0 ? -1 : 0));
        System.arraycopy(unscaled, 0, fixed, DECIMAL_BYTES - unscaled.length, unscaled.length);
        return fixed;
    }
}
