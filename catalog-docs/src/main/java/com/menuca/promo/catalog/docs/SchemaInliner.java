package com.menuca.promo.catalog.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.catalog.SchemaFiles;
import com.menuca.promo.schemas.json.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A schema with every {@code $ref} replaced by what it points at, so it can be embedded in a document
 * (AsyncAPI) where relative references and {@code $defs} would not resolve. The schema files stay the
 * source of truth; this is a generated view.
 */
final class SchemaInliner {
    private static final Set<String> DROPPED = Set.of("$schema", "$id", "$defs");
    private static final int MAX_DEPTH = 64;

    private final SchemaFiles files;

    SchemaInliner(SchemaFiles files) {
        this.files = files;
    }

    ObjectNode inline(String path) {
        return (ObjectNode) inline(path, files.document(path), 0);
    }

    private JsonNode inline(String path, JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("schema " + path + " is recursive; it cannot be inlined");
        }
        if (node.isArray()) {
            ArrayNode copy = Json.mapper().createArrayNode();
            node.forEach(item -> copy.add(inline(path, item, depth + 1)));
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = Json.mapper().createObjectNode();
        JsonNode target = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("$ref")) {
                SchemaFiles.Resolved resolved = files.resolve(path, field.getValue().asText());
                target = inline(resolved.path(), resolved.node(), depth + 1);
            } else if (!DROPPED.contains(field.getKey())) {
                copy.set(field.getKey(), isSchemaMap(field.getKey()) ? inlineEach(path, field.getValue(), depth)
                        : inline(path, field.getValue(), depth + 1));
            }
        }
        if (target == null) {
            return copy;
        }
        if (copy.isEmpty() || (copy.size() == 1 && copy.has("description"))) {
            ObjectNode merged = ((ObjectNode) target).deepCopy();
            merged.setAll(copy);
            return merged;
        }
        copy.putArray("allOf").add(target);
        return copy;
    }

    private static boolean isSchemaMap(String keyword) {
        return keyword.equals("properties") || keyword.equals("patternProperties");
    }

    private JsonNode inlineEach(String path, JsonNode schemasByName, int depth) {
        ObjectNode copy = Json.mapper().createObjectNode();
        schemasByName.fields().forEachRemaining(e -> copy.set(e.getKey(), inline(path, e.getValue(), depth + 1)));
        return copy;
    }
}
