package com.menuca.promo.gateway.filter;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        if (row == null) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.matches(row)) {
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
