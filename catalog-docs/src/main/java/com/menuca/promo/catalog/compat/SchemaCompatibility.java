package com.menuca.promo.catalog.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.catalog.SchemaShape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the changes from an old schema to a new one that break consumers: a field removed, a type or
 * format changed, a field made required, an allowed value removed. Additions (an optional field, an
 * enum value) are compatible: consumers must ignore what they do not know.
 */
public final class SchemaCompatibility {
    private SchemaCompatibility() {
    }

    public static List<BreakingChange> breakingChanges(SchemaShape before, SchemaShape after) {
        List<BreakingChange> changes = new ArrayList<>();
        compare(before, after, "", changes);
        return changes;
    }

    private static void compare(SchemaShape before, SchemaShape after, String path, List<BreakingChange> changes) {
        if (!before.types().equals(after.types())) {
            changes.add(new BreakingChange(BreakingChange.Kind.TYPE_CHANGED, path,
                    typesText(before.types()) + " -> " + typesText(after.types())));
        } else if (!Objects.equals(before.format(), after.format())) {
            changes.add(new BreakingChange(BreakingChange.Kind.TYPE_CHANGED, path,
                    "format " + before.format() + " -> " + after.format()));
        }
        compareAllowedValues(before, after, path, changes);
        for (Map.Entry<String, SchemaShape> field : before.properties().entrySet()) {
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            SchemaShape now = after.properties().get(field.getKey());
            if (now == null) {
                changes.add(new BreakingChange(BreakingChange.Kind.FIELD_REMOVED, fieldPath, "was " + field.getValue().typeText()));
            } else {
                compare(field.getValue(), now, fieldPath, changes);
            }
        }
        for (String name : after.required()) {
            if (!before.required().contains(name)) {
                changes.add(new BreakingChange(BreakingChange.Kind.MADE_REQUIRED, path.isEmpty() ? name : path + "." + name,
                        before.properties().containsKey(name) ? "was optional" : "new and required"));
            }
        }
        if (before.items() != null && after.items() != null) {
            compare(before.items(), after.items(), path + "[]", changes);
        }
    }

    private static void compareAllowedValues(SchemaShape before, SchemaShape after, String path, List<BreakingChange> changes) {
        if (after.allowedValues() == null) {
            return;
        }
        if (before.allowedValues() == null) {
            changes.add(new BreakingChange(BreakingChange.Kind.ENUM_VALUE_REMOVED, path,
                    "any value -> only " + after.allowedValues()));
            return;
        }
        Set<JsonNode> removed = new LinkedHashSet<>(before.allowedValues());
        removed.removeAll(after.allowedValues());
        if (!removed.isEmpty()) {
            changes.add(new BreakingChange(BreakingChange.Kind.ENUM_VALUE_REMOVED, path, "no longer allowed: " + removed));
        }
    }

    private static String typesText(Set<String> types) {
        return types.isEmpty() ? "any" : String.join("|", types);
    }
}
