package com.menuca.promo.gateway.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A row as Debezium wrote it, with each column's typed value ({@link PgType#fromRow}) read once and
 * kept: one change is matched against every binding and policy that listens to its table, and most
 * of them test the same few columns. Not thread-safe; lives for one change.
 */
public final class TypedRow {
    private final ObjectNode row;
    private Column[] columns = new Column[4];
    private Object[] values = new Object[4];
    private int size;

    public TypedRow(ObjectNode row) {
        this.row = row;
    }

    /** The row as written (never null). */
    public ObjectNode json() {
        return row;
    }

    /** The column's value as a comparable of its type, or null for SQL NULL or an unreadable value. */
    public Comparable<?> value(Column column) {
        for (int i = 0; i < size; i++) {
            if (columns[i] == column || columns[i].equals(column)) {
                return (Comparable<?>) values[i];
            }
        }
        Comparable<?> value = column.type().fromRow(row.get(column.name()));
        if (size == columns.length) {
            columns = java.util.Arrays.copyOf(columns, size * 2);
            values = java.util.Arrays.copyOf(values, size * 2);
        }
        columns[size] = column;
        values[size] = value;
        size++;
        return value;
    }
}
