package com.menuca.promo.gateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What PostgREST's query string asks of a set-returning function's rows, applied in its order:
 * filters ({@code column=op.value} with {@code eq, neq, gt, gte, lt, lte, in, is}, optionally
 * {@code not.}; several filters all apply), {@code order} ({@code column[.asc|.desc][.nullsfirst|.nullslast]},
 * comma-separated), {@code offset}, {@code limit}, then {@code select} (columns, {@code *}, or
 * {@code alias:column}). This is what supabase-js sends for {@code .eq()}, {@code .order()},
 * {@code .range()}, {@code .limit()} and {@code .select()} after {@code .rpc()}.
 */
final class RowQuery {
    /** Query parameters that shape the result rather than filter it. */
    static final List<String> RESERVED = List.of("select", "order", "limit", "offset", "columns", "on_conflict");
    private static final int MAX_FILTERS = 20;
    private static final int MAX_IN_VALUES = 100;

    private record Filter(RpcColumn column, String operator, boolean negated, List<Comparable<?>> operands, String raw) {
    }

    private record Order(RpcColumn column, boolean descending, boolean nullsFirst) {
    }

    private record Selected(String alias, String column) {
    }

    private final List<Filter> filters;
    private final List<Order> order;
    private final long offset;
    private final Long limit;
    private final List<Selected> select;

    private RowQuery(List<Filter> filters, List<Order> order, long offset, Long limit, List<Selected> select) {
        this.filters = filters;
        this.order = order;
        this.offset = offset;
        this.limit = limit;
        this.select = select;
    }

    /** The index of the first row returned among those the filters kept ({@code offset}). */
    long firstIndex() {
        return offset;
    }

    /**
     * @param parameters the query string's parameters that are not the function's arguments
     * @param function   the function called (its columns)
     */
    static RowQuery parse(Map<String, List<String>> parameters, RpcFunction function) throws RpcException {
        Map<String, RpcColumn> columns = new LinkedHashMap<>();
        function.columns().forEach(column -> columns.put(column.name(), column));
        List<Filter> filters = new ArrayList<>();
        List<Order> order = new ArrayList<>();
        long offset = 0;
        Long limit = null;
        List<Selected> select = null;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            for (String value : parameter.getValue()) {
                switch (name) {
                    case "select" -> select = select(value, columns, function);
                    case "order" -> order = order(value, columns, function);
                    case "limit" -> limit = count("limit", value);
                    case "offset" -> offset = count("offset", value);
                    case "columns", "on_conflict" -> throw RpcException.badQuery("'" + name + "' does not apply to a function call",
                            null);
                    default -> {
                        if (filters.size() == MAX_FILTERS) {
                            throw RpcException.badQuery("too many filters", "at most " + MAX_FILTERS + " per request");
                        }
                        filters.add(filter(name, value, columns, function));
                    }
                }
            }
        }
        return new RowQuery(filters, order, offset, limit, select);
    }

    /** Filters, orders, pages and projects the rows; returns the selected rows and how many passed the filters. */
    Result apply(ArrayNode rows) {
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode row : rows) {
            if (filters.stream().allMatch(filter -> matches(filter, row))) {
                kept.add(row);
            }
        }
        int total = kept.size();
        if (!order.isEmpty()) {
            kept.sort(comparator());
        }
        List<JsonNode> page = kept.stream().skip(offset).limit(limit == null ? Long.MAX_VALUE : limit).toList();
        ArrayNode result = Json.mapper().createArrayNode();
        for (JsonNode row : page) {
            result.add(select == null ? row : project(row));
        }
        return new Result(result, total);
    }

    /** The rows a request gets, and how many rows passed its filters (before offset and limit). */
    record Result(ArrayNode rows, int total) {
    }

    private JsonNode project(JsonNode row) {
        ObjectNode projected = Json.mapper().createObjectNode();
        for (Selected selected : select) {
            if (selected.column().equals("*")) {
                row.fields().forEachRemaining(field -> projected.set(field.getKey(), field.getValue()));
            } else {
                projected.set(selected.alias(), row.get(selected.column()));
            }
        }
        return projected;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Comparator<JsonNode> comparator() {
        Comparator<JsonNode> comparator = (a, b) -> 0;
        for (Order o : order) {
            Comparator<JsonNode> one = (a, b) -> {
                Comparable va = o.column().value(a);
                Comparable vb = o.column().value(b);
                if (va == null || vb == null) {
                    if (va == vb) {
                        return 0;
                    }
                    return (va == null) == o.nullsFirst() ? -1 : 1;
                }
                int c = va.compareTo(vb);
                return o.descending() ? -c : c;
            };
            comparator = comparator.thenComparing(one);
        }
        return comparator;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean matches(Filter filter, JsonNode row) {
        Comparable value = filter.column().value(row);
        boolean result;
        if (filter.operator().equals("is")) {
            Object operand = filter.operands().get(0);
            result = operand == null ? value == null : Objects.equals(value == null ? null : value.toString(), operand);
        } else if (value == null) {
            return false; // SQL: a comparison with NULL is never true, negated or not
        } else if (filter.operator().equals("in")) {
            result = filter.operands().stream().anyMatch(operand -> value.compareTo(operand) == 0);
        } else {
            int c = value.compareTo(filter.operands().get(0));
            result = switch (filter.operator()) {
                case "eq" -> c == 0;
                case "neq" -> c != 0;
                case "gt" -> c > 0;
                case "gte" -> c >= 0;
                case "lt" -> c < 0;
                case "lte" -> c <= 0;
                default -> throw new IllegalStateException(filter.operator());
            };
        }
        return filter.negated() != result;
    }

    private static Filter filter(String name, String value, Map<String, RpcColumn> columns, RpcFunction function)
            throws RpcException {
        RpcColumn column = columns.get(name);
        if (column == null) {
            throw RpcException.noSuchColumn(function.name(), name);
        }
        String rest = value;
        boolean negated = rest.startsWith("not.");
        if (negated) {
            rest = rest.substring(4);
        }
        int dot = rest.indexOf('.');
        if (dot < 0) {
            throw RpcException.badQuery("\"failed to parse filter (" + value + ")\" (line 1, column 1)",
                    "expected an operator: " + name + "=eq.<value> (eq, neq, gt, gte, lt, lte, in, is)");
        }
        String operator = rest.substring(0, dot);
        String operand = rest.substring(dot + 1);
        List<Comparable<?>> operands = new ArrayList<>();
        switch (operator) {
            case "eq", "neq", "gt", "gte", "lt", "lte" -> operands.add(column.operand(operand));
            case "in" -> {
                if (!operand.startsWith("(") || !operand.endsWith(")")) {
                    throw RpcException.badQuery("\"failed to parse filter (" + value + ")\" (line 1, column 4)",
                            "in takes a list: " + name + "=in.(1,2,3)");
                }
                String[] items = operand.substring(1, operand.length() - 1).split(",", -1);
                if (items.length > MAX_IN_VALUES) {
                    throw RpcException.badQuery("too many values in " + name + "=in.(...)", "at most " + MAX_IN_VALUES);
                }
                for (String item : items) {
                    String unquoted = item.strip();
                    if (unquoted.length() >= 2 && unquoted.startsWith("\"") && unquoted.endsWith("\"")) {
                        unquoted = unquoted.substring(1, unquoted.length() - 1);
                    }
                    operands.add(column.operand(unquoted));
                }
            }
            case "is" -> {
                String lower = operand.toLowerCase(java.util.Locale.ROOT);
                switch (lower) {
                    case "null" -> operands.add(null);
                    case "true", "false" -> operands.add(lower);
                    default -> throw RpcException.badQuery("\"failed to parse filter (" + value + ")\" (line 1, column 4)",
                            "is takes null, true or false");
                }
            }
            default -> throw RpcException.badQuery("\"failed to parse filter (" + value + ")\" (line 1, column 1)",
                    "operator '" + operator + "' is not served by this gateway: eq, neq, gt, gte, lt, lte, in, is");
        }
        return new Filter(column, operator, negated, operands, value);
    }

    private static List<Order> order(String value, Map<String, RpcColumn> columns, RpcFunction function)
            throws RpcException {
        List<Order> order = new ArrayList<>();
        for (String term : value.split(",")) {
            String[] parts = term.strip().split("\\.");
            RpcColumn column = columns.get(parts[0]);
            if (column == null) {
                throw RpcException.noSuchColumn(function.name(), parts[0]);
            }
            boolean descending = false;
            Boolean nullsFirst = null;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "asc" -> descending = false;
                    case "desc" -> descending = true;
                    case "nullsfirst" -> nullsFirst = true;
                    case "nullslast" -> nullsFirst = false;
                    default -> throw RpcException.badQuery("\"failed to parse order (" + value + ")\" (line 1, column 1)",
                            "order is column[.asc|.desc][.nullsfirst|.nullslast], comma-separated");
                }
            }
            // PostgreSQL's default: NULLS LAST ascending, NULLS FIRST descending
            order.add(new Order(column, descending, nullsFirst == null ? descending : nullsFirst));
        }
        return order;
    }

    private static List<Selected> select(String value, Map<String, RpcColumn> columns, RpcFunction function)
            throws RpcException {
        List<Selected> selected = new ArrayList<>();
        for (String item : value.split(",")) {
            String term = item.strip();
            if (term.equals("*")) {
                selected.add(new Selected("*", "*"));
                continue;
            }
            int colon = term.indexOf(':');
            String alias = colon < 0 ? term : term.substring(0, colon).strip();
            String column = colon < 0 ? term : term.substring(colon + 1).strip();
            if (column.contains(":") || column.contains("(") || column.contains("->")) {
                throw RpcException.badQuery("\"failed to parse select parameter (" + value + ")\" (line 1, column 1)",
                        "select takes columns, * or alias:column here");
            }
            if (!columns.containsKey(column)) {
                throw RpcException.noSuchColumn(function.name(), column);
            }
            selected.add(new Selected(alias, column));
        }
        return selected;
    }

    private static long count(String name, String value) throws RpcException {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw RpcException.badQuery("\"failed to parse " + name + " parameter (" + value + ")\" (line 1, column 1)",
                name + " is a whole number, 0 or more");
    }
}
