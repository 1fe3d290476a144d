package com.menuca.promo.gateway.filter;

import com.menuca.promo.gateway.postgres.Column;
import com.menuca.promo.gateway.postgres.TableCatalog;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses {@code column=op.value[,column=op.value...]} against a table's columns.
 *
 * <p>Values may be double-quoted to carry commas, parentheses or a leading or trailing space
 * ({@code title=eq."Two, for one"}; {@code \"} and {@code \\} escape inside quotes). {@code in.(a,b,"c,d")}
 * takes at most {@value #MAX_IN_VALUES} values. Commas inside parentheses or quotes never split
 * conditions. Every problem is a {@link FilterException} that names the part at fault.
 */
public final class FilterParser {
    public static final int MAX_IN_VALUES = 100;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private FilterParser() {
    }

    /** The filter of a subscription; null or blank text means no filter. */
    public static RowFilter parse(CdcTable table, String text) throws FilterException {
        if (text == null || text.isBlank()) {
            return new RowFilter(text, List.of());
        }
        List<Condition> conditions = new ArrayList<>();
        for (String part : splitConditions(text)) {
            conditions.add(condition(table, part));
        }
        return new RowFilter(text, List.copyOf(conditions));
    }

    private static Condition condition(CdcTable table, String part) throws FilterException {
        int equals = part.indexOf('=');
        if (equals <= 0) {
            throw new FilterException("malformed filter condition '" + part + "': expected column=operator.value");
        }
        String columnName = part.substring(0, equals).trim();
        if (!IDENTIFIER.matcher(columnName).matches()) {
            throw new FilterException("malformed column name '" + columnName + "' in '" + part + "'");
        }
        Column column = TableCatalog.column(table, columnName).orElseThrow(() -> new FilterException(
                "unknown column '" + columnName + "' in table " + table.qualifiedName() + " (columns: "
                        + TableCatalog.columns(table).stream().map(Column::name).collect(Collectors.joining(", ")) + ")"));
        String rest = part.substring(equals + 1);
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            throw new FilterException("malformed filter condition '" + part + "': expected " + columnName
                    + "=operator.value with operator one of eq, neq, lt, lte, gt, gte, in");
        }
        String opToken = rest.substring(0, dot);
        Operator operator = Operator.byToken(opToken).orElseThrow(() -> new FilterException(
                "unknown operator '" + opToken + "' in '" + part + "': expected one of eq, neq, lt, lte, gt, gte, in"));
        String valueText = rest.substring(dot + 1);
        List<String> rawValues = operator == Operator.IN ? inList(part, valueText)
                : java.util.Collections.singletonList(unquote(part, valueText));
        List<Comparable<?>> values = new ArrayList<>(rawValues.size());
        for (String raw : rawValues) {
            values.add(literal(column, raw, part));
        }
        if (operator != Operator.EQ && operator != Operator.NEQ && operator != Operator.IN && values.contains(null)) {
            throw new FilterException("'" + part + "': null can only be compared with eq or neq");
        }
        return new Condition(column, operator, java.util.Collections.unmodifiableList(values));
    }

    private static Comparable<?> literal(Column column, String raw, String part) throws FilterException {
        if (raw == null) {
            return null;
        }
        try {
            return column.type().parseLiteral(raw);
        } catch (IllegalArgumentException e) {
            throw new FilterException("bad value in '" + part + "': " + e.getMessage() + " (column "
                    + column.name() + " is " + column.type().wireName() + ")");
        }
    }

    /** The values of {@code (a,b,"c")}; an unquoted {@code null} stands for SQL NULL. */
    private static List<String> inList(String part, String text) throws FilterException {
        String trimmed = text.trim();
        if (!trimmed.startsWith("(") || !trimmed.endsWith(")")) {
            throw new FilterException("malformed in-list in '" + part + "': expected in.(value,value,...)");
        }
        String inner = trimmed.substring(1, trimmed.length() - 1);
        if (inner.isBlank()) {
            throw new FilterException("empty in-list in '" + part + "'");
        }
        List<String> values = new ArrayList<>();
        for (String item : split(inner, ',', false)) {
            values.add(unquote(part, item));
        }
        if (values.size() > MAX_IN_VALUES) {
            throw new FilterException("in-list in '" + part + "' has " + values.size() + " values; at most "
                    + MAX_IN_VALUES + " are allowed");
        }
        return values;
    }

    /** Removes surrounding double quotes (resolving escapes); unquoted {@code null} means SQL NULL. */
    private static String unquote(String part, String text) throws FilterException {
        String value = text.trim();
        if (value.isEmpty()) {
            throw new FilterException("missing value in '" + part + "'");
        }
        if (!value.startsWith("\"")) {
            if (value.indexOf('"') >= 0) {
                throw new FilterException("stray double quote in value '" + value + "' of '" + part + "'");
            }
            return value.equals("null") ? null : value;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                out.append(value.charAt(++i));
            } else if (c == '"') {
                if (i != value.length() - 1) {
                    throw new FilterException("text after closing quote in '" + part + "'");
                }
                return out.toString();
            } else {
                out.append(c);
            }
        }
        throw new FilterException("unterminated double quote in '" + part + "'");
    }

    private static List<String> splitConditions(String text) throws FilterException {
        List<String> parts = split(text, ',', true);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new FilterException("empty condition in filter '" + text + "' (stray comma?)");
            }
        }
        return parts;
    }

    /** Splits on {@code separator} outside double quotes (and outside parentheses when asked). */
    private static List<String> split(String text, char separator, boolean respectParentheses) throws FilterException {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && respectParentheses && c == '(') {
                depth++;
            } else if (!quoted && respectParentheses && c == ')') {
                depth--;
                if (depth < 0) {
                    throw new FilterException("unbalanced ')' in filter '" + text + "'");
                }
            } else if (!quoted && depth == 0 && c == separator) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (quoted) {
            throw new FilterException("unterminated double quote in filter '" + text + "'");
        }
        if (depth != 0) {
            throw new FilterException("unbalanced '(' in filter '" + text + "'");
        }
        parts.add(current.toString());
        return parts;
    }
}
