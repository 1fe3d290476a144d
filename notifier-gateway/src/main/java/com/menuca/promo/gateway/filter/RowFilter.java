package com.menuca.promo.gateway.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.postgres.TypedRow;
import java.util.List;
import java.util.Optional;

/**
 * A parsed filter: every condition must hold (AND). The empty filter matches every row.
 *
 * @param text       the filter exactly as the client sent it (echoed in the join reply), or null
 * @param conditions in the order written
 */
public record RowFilter(String text, List<Condition> conditions) {
    public static final RowFilter ALL = new RowFilter(null, List.of());

    public boolean matches(ObjectNode row) {
        return row != null && matches(new TypedRow(row));
    }

    /** Whether the row meets every condition (its typed values are read once for all filters tested on it). */
    public boolean matches(TypedRow row) {
        for (int i = 0, n = conditions.size(); i < n; i++) {
            if (!conditions.get(i).matches(row)) {
                return false;
            }
        }
        return true;
    }

    /** The first equality condition, which a subscription index can key on. */
    public Optional<Condition> indexable() {
        return conditions.stream().filter(Condition::isEquality).findFirst();
    }
}
