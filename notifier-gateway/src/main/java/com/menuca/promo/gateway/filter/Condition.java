package com.menuca.promo.gateway.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.postgres.Column;
import java.util.List;

/**
 * One {@code column=op.value} condition. {@code values} has one element, or up to 100 for {@code in};
 * a null element stands for the literal {@code null} ({@code eq.null} is IS NULL, {@code neq.null}
 * IS NOT NULL).
 */
public record Condition(Column column, Operator operator, List<Comparable<?>> values) {

    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean matches(ObjectNode row) {
        Comparable rowValue = column.type().fromRow(row.get(column.name()));
        for (Comparable<?> literal : values) {
            if (literal == null) {
                boolean isNull = rowValue == null;
                if (operator == Operator.NEQ ? !isNull : isNull) {
                    return true;
                }
                continue;
            }
            if (rowValue != null && operator.accepts(rowValue.compareTo(literal))) {
                return true;
            }
        }
        return false;
    }

    /** True for conditions that pin the column to a set of values (eq, in) and can be looked up in an index. */
    public boolean isEquality() {
        return (operator == Operator.EQ || operator == Operator.IN) && !values.contains(null);
    }
}
