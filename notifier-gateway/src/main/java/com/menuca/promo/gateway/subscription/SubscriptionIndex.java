package com.menuca.promo.gateway.subscription;

import com.menuca.promo.gateway.postgres.TableCatalog;
import com.menuca.promo.gateway.postgres.TypedRow;
import com.menuca.promo.gateway.filter.Condition;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The postgres_changes bindings by table, then by the column of their first equality condition,
 * then by value; bindings without one are scanned. Finding the candidates for a row costs one
 * lookup per indexed column of its table, however many sockets listen. Confined to the feed thread.
 */
public final class SubscriptionIndex {
    private static final class TableBindings {
        final Map<String, Map<Comparable<?>, Set<Binding>>> byColumn = new HashMap<>();
        final Set<Binding> scanned = new LinkedHashSet<>();
        int size;
    }

    private final Map<CdcTable, TableBindings> tables = new EnumMap<>(CdcTable.class);

    public void add(Binding binding) {
        TableBindings table = tables.computeIfAbsent(binding.table(), t -> new TableBindings());
        table.size++;
        Condition key = binding.filter().indexable().orElse(null);
        if (key == null) {
            table.scanned.add(binding);
            return;
        }
        Map<Comparable<?>, Set<Binding>> byValue = table.byColumn.computeIfAbsent(key.column().name(), c -> new HashMap<>());
        for (Comparable<?> value : key.values()) {
            // most values (a customer, a restaurant) have one or two bindings: start small
            byValue.computeIfAbsent(value, v -> new LinkedHashSet<>(2)).add(binding);
        }
    }

    public void remove(Binding binding) {
        TableBindings table = tables.get(binding.table());
        if (table == null) {
            return;
        }
        Condition key = binding.filter().indexable().orElse(null);
        boolean removed;
        if (key == null) {
            removed = table.scanned.remove(binding);
        } else {
            removed = false;
            Map<Comparable<?>, Set<Binding>> byValue = table.byColumn.get(key.column().name());
            if (byValue != null) {
                for (Comparable<?> value : key.values()) {
                    Set<Binding> set = byValue.get(value);
                    if (set != null && set.remove(binding)) {
                        removed = true;
                        if (set.isEmpty()) {
                            byValue.remove(value);
                        }
                    }
                }
                if (byValue.isEmpty()) {
                    table.byColumn.remove(key.column().name());
                }
            }
        }
        if (removed && --table.size == 0) {
            tables.remove(binding.table());
        }
    }

    /** Calls {@code sink} with every binding whose index key the row meets (filters still to be checked). */
    public void candidates(CdcTable table, TypedRow row, Consumer<Binding> sink) {
        TableBindings bindings = tables.get(table);
        if (bindings == null || row == null) {
            return;
        }
        bindings.scanned.forEach(sink);
        for (Map.Entry<String, Map<Comparable<?>, Set<Binding>>> column : bindings.byColumn.entrySet()) {
            Comparable<?> value = row.value(TableCatalog.column(table, column.getKey()).orElseThrow());
            if (value == null) {
                continue;
            }
            Set<Binding> matches = column.getValue().get(value);
            if (matches != null) {
                matches.forEach(sink);
            }
        }
    }

    /** Whether any binding listens to the table. */
    public boolean hasBindings(CdcTable table) {
        return tables.containsKey(table);
    }

    /** Number of bindings on the table. */
    public int size(CdcTable table) {
        TableBindings bindings = tables.get(table);
        return bindings == null ? 0 : bindings.size;
    }

    public List<CdcTable> tables() {
        return new ArrayList<>(tables.keySet());
    }
}
