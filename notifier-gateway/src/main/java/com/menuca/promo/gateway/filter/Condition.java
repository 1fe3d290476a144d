package com.menuca.promo.gateway.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.postgres.Column;
import com.menuca.promo.gateway.postgres.TypedRow;
import java.util.List;

/**
 * One {@code column=op.value} condition. {@code values} has one element, or up to 100 for {@code in};
 * a null element stands for the literal {@code null} ({@code eq.null} is IS NULL, {@code neq.null}
 * IS NOT NULL).
 */
public record Condition(Column column, Operator operator, List<Comparable<?>> values) {

    public boolean matches(ObjectNode row) {
        return matches(new TypedRow(row));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean matches(TypedRow row) {
        Comparable rowValue = row.value(column);
        // indexed, not iterated: this runs for every binding a change reaches
        for (int i = 0, n = values.size(); i < n; i++) {
            Comparable<?> literal = values.get(i);
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
