package com.menuca.promo.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a JSON Schema says about the shape of the data, with {@code $ref}s followed and
 * {@code allOf} / {@code anyOf} / {@code oneOf} folded in: the types a value may have, its format,
 * its allowed values, its properties and which are required. The compatibility gate compares two of
 * these; the docs and the CSV replay read field lists from them. Conditionals ({@code if/then}) and
 * value constraints (pattern, ranges) are not part of the shape.
 */
public final class SchemaShape {
    private static final int MAX_DEPTH = 64;

    private final Set<String> types;
    private final String format;
    private final String pattern;
    private final Set<JsonNode> allowedValues;
    private final Map<String, SchemaShape> properties;
    private final Set<String> required;
    private final SchemaShape items;
    private final String description;

    private SchemaShape(Set<String> types, String format, String pattern, Set<JsonNode> allowedValues,
                        Map<String, SchemaShape> properties,
                        Set<String> required, SchemaShape items, String description) {
        this.types = Collections.unmodifiableSet(types);
        this.format = format;
        this.pattern = pattern;
        this.allowedValues = allowedValues == null ? null : Collections.unmodifiableSet(allowedValues);
        this.properties = Collections.unmodifiableMap(properties);
        this.required = Collections.unmodifiableSet(required);
        this.items = items;
        this.description = description;
    }

    private static SchemaShape any() {
        return new SchemaShape(new LinkedHashSet<>(), null, null, null, new LinkedHashMap<>(), new LinkedHashSet<>(), null, null);
    }

    /**
     * The shape of the schema at a JSON pointer inside a file ({@code "/$defs/row"}), e.g. a shared
     * definition that has no file of its own.
     */
    public static SchemaShape of(SchemaFiles files, String path, String pointer) {
        SchemaFiles.Resolved target = files.resolve(path, "#" + pointer);
        return build(files, target.path(), target.node(), 0);
    }

    /** The shape of the schema file at {@code path} (under {@code schemas/}). */
    public static SchemaShape of(SchemaFiles files, String path) {
        return build(files, path, files.document(path), 0);
    }

    private static SchemaShape build(SchemaFiles files, String path, JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("schema " + path + " nests deeper than " + MAX_DEPTH + " (recursive $ref?)");
        }
        if (!node.isObject()) {
            return any();
        }
        SchemaShape shape = own(files, path, node, depth);
        if (node.has("$ref")) {
            SchemaFiles.Resolved target = files.resolve(path, node.get("$ref").asText());
            shape = both(shape, build(files, target.path(), target.node(), depth + 1));
        }
        for (JsonNode branch : node.path("allOf")) {
            shape = both(shape, build(files, path, branch, depth + 1));
        }
        for (String alternatives : List.of("anyOf", "oneOf")) {
            if (node.has(alternatives)) {
                List<SchemaShape> branches = new ArrayList<>();
                node.get(alternatives).forEach(branch -> branches.add(build(files, path, branch, depth + 1)));
                shape = both(shape, either(branches));
            }
        }
        return shape;
    }

    /** The keywords written on this node itself. */
    private static SchemaShape own(SchemaFiles files, String path, JsonNode node, int depth) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = node.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        }
        type.forEach(t -> types.add(t.asText()));
        Set<JsonNode> allowed = null;
        if (node.has("const")) {
            allowed = new LinkedHashSet<>(List.of(node.get("const")));
        } else if (node.has("enum")) {
            allowed = new LinkedHashSet<>();
            node.get("enum").forEach(allowed::add);
        }
        if (types.isEmpty() && allowed != null) {
            allowed.forEach(value -> types.add(jsonType(value)));
        }
        Map<String, SchemaShape> properties = new LinkedHashMap<>();
        node.path("properties").fields().forEachRemaining(
                field -> properties.put(field.getKey(), build(files, path, field.getValue(), depth + 1)));
        Set<String> required = new LinkedHashSet<>();
        node.path("required").forEach(name -> required.add(name.asText()));
        SchemaShape items = node.has("items") ? build(files, path, node.get("items"), depth + 1) : null;
        return new SchemaShape(types, node.path("format").isTextual() ? node.get("format").asText() : null,
                node.path("pattern").isTextual() ? node.get("pattern").asText() : null, allowed,
                properties, required, items, node.path("description").isTextual() ? node.get("description").asText() : null);
    }

    private static String jsonType(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case NULL -> "null";
            case BOOLEAN -> "boolean";
            case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
            case ARRAY -> "array";
            default -> "object";
        };
    }

    /** Both shapes hold (allOf, or keywords beside a $ref). */
    private static SchemaShape both(SchemaShape a, SchemaShape b) {
        Set<String> types;
        if (a.types.isEmpty() || b.types.isEmpty()) {
            types = new LinkedHashSet<>(a.types.isEmpty() ? b.types : a.types);
        } else {
            types = new LinkedHashSet<>(a.types);
            types.retainAll(b.types);
        }
        Set<JsonNode> allowed;
        if (a.allowedValues != null && b.allowedValues != null) {
            allowed = new LinkedHashSet<>(a.allowedValues);
            allowed.retainAll(b.allowedValues);
        } else {
            allowed = a.allowedValues != null ? new LinkedHashSet<>(a.allowedValues)
                    : b.allowedValues != null ? new LinkedHashSet<>(b.allowedValues) : null;
        }
        Map<String, SchemaShape> properties = new LinkedHashMap<>(a.properties);
        b.properties.forEach((name, shape) -> properties.merge(name, shape, SchemaShape::both));
        Set<String> required = new LinkedHashSet<>(a.required);
        required.addAll(b.required);
        SchemaShape items = a.items == null ? b.items : b.items == null ? a.items : both(a.items, b.items);
        return new SchemaShape(types, a.format != null ? a.format : b.format, a.pattern != null ? a.pattern : b.pattern,
                allowed, properties, required, items,
                a.description != null ? a.description : b.description);
    }

    /** One of the shapes holds (anyOf, oneOf). */
    private static SchemaShape either(List<SchemaShape> branches) {
        Set<String> types = new LinkedHashSet<>();
        boolean anyType = false;
        Set<JsonNode> allowed = new LinkedHashSet<>();
        boolean anyValue = false;
        Map<String, SchemaShape> properties = new LinkedHashMap<>();
        Set<String> required = null;
        String format = null;
        String pattern = null;
        SchemaShape items = null;
        for (SchemaShape branch : branches) {
            anyType |= branch.types.isEmpty();
            types.addAll(branch.types);
            if (branch.allowedValues != null) {
                allowed.addAll(branch.allowedValues);
            } else if (branch.types.equals(Set.of("null"))) {
                allowed.add(com.fasterxml.jackson.databind.node.NullNode.getInstance());
            } else {
                anyValue = true;
            }
            branch.properties.forEach((name, shape) -> properties.merge(name, shape, (x, y) -> either(List.of(x, y))));
            if (branch.types.contains("object")) {
                if (required == null) {
                    required = new LinkedHashSet<>(branch.required);
                } else {
                    required.retainAll(branch.required);
                }
            }
            format = format == null ? branch.format : format;
            pattern = pattern == null ? branch.pattern : pattern;
            items = items == null ? branch.items : branch.items == null ? items : either(List.of(items, branch.items));
        }
        return new SchemaShape(anyType ? new LinkedHashSet<>() : types, format, pattern, anyValue ? null : allowed, properties,
                required == null ? new LinkedHashSet<>() : required, items, null);
    }

    /** The JSON types a value may have; empty means any. */
    public Set<String> types() {
        return types;
    }

    public boolean nullable() {
        return types.isEmpty() || types.contains("null");
    }

    /** The {@code format} (date-time, ...), or null. */
    public String format() {
        return format;
    }

    /** The {@code pattern} of a string (the decimal type has one), or null. */
    public String pattern() {
        return pattern;
    }

    /** The values allowed by {@code enum} / {@code const}, or null when any value of the types is allowed. */
    public Set<JsonNode> allowedValues() {
        return allowedValues;
    }

    /** Properties in schema order. */
    public Map<String, SchemaShape> properties() {
        return properties;
    }

    public Set<String> required() {
        return required;
    }

    /** The shape of array items, or null. */
    public SchemaShape items() {
        return items;
    }

    /** The description, or null. */
    public String description() {
        return description;
    }

    /** A short type text for documents: {@code string (date-time)}, {@code integer | null}, {@code "a" | "b"}. */
    public String typeText() {
        List<String> parts = new ArrayList<>();
        if (allowedValues != null) {
            allowedValues.forEach(value -> parts.add(value.toString()));
            return String.join(" | ", parts);
        }
        for (String type : types) {
            parts.add(type.equals("string") && format != null ? "string (" + format + ")" : type);
        }
        return parts.isEmpty() ? "any" : String.join(" | ", parts);
    }
}
