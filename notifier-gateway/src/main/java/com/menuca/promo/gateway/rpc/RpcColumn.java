package com.menuca.promo.gateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A column of the rows a set-returning {@link RpcFunction} returns, with its PostgreSQL type: what
 * filters compare a value as ({@code bigint} and {@code numeric} numerically, {@code text} as text).
 *
 * @param name the column ({@code deal_id})
 * @param type {@code bigint}, {@code numeric} or {@code text}
 */
public record RpcColumn(String name, String type) {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");

    public RpcColumn {
        if (!type.equals("bigint") && !type.equals("numeric") && !type.equals("text")) {
            throw new IllegalArgumentException("column " + name + ": type " + type + " is not one filters compare");
        }
    }

    public static RpcColumn bigint(String name) {
        return new RpcColumn(name, "bigint");
    }

    public static RpcColumn numeric(String name) {
        return new RpcColumn(name, "numeric");
    }

    public static RpcColumn text(String name) {
        return new RpcColumn(name, "text");
    }

    boolean isNumeric() {
        return !type.equals("text");
    }

    /** A filter's operand read as this column's type: a {@link BigDecimal} for numbers, else the text. */
    Comparable<?> operand(String text) throws RpcException {
        if (!isNumeric()) {
            return text;
        }
        if (!(type.equals("bigint") ? INTEGER : NUMBER).matcher(text).matches()) {
            throw RpcException.invalidInput(type, text);
        }
        return new BigDecimal(text);
    }

    /** A row's value of this column in the same terms as {@link #operand}; null for SQL NULL. */
    Comparable<?> value(JsonNode row) {
        JsonNode value = row.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (isNumeric()) {
            return value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText());
        }
        return value.asText();
    }
}
