package com.menuca.promo.catalog;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema files of a catalogue, read once, and the resolution of their {@code $ref}s. Every
 * schema's {@code $id} is {@link #ID_BASE} + its path under {@code schemas/}, so a relative reference
 * such as {@code ../common/types.json#/$defs/decimal} means the same file to us and to any JSON Schema tool.
 */
public final class SchemaFiles {
    /** Base of every schema {@code $id}; an identifier, never fetched. */
    public static final String ID_BASE = "https://schemas.menuca.com/promo/";
    /** Directory of the schema files, relative to the catalogue root. */
    public static final String DIRECTORY = "schemas/";

    private final CatalogSource source;
    private final Map<String, JsonNode> documents = new ConcurrentHashMap<>();

    SchemaFiles(CatalogSource source) {
        this.source = source;
    }

    /** The schema files under {@code schemas/} of a catalogue root. */
    public static SchemaFiles of(CatalogSource source) {
        return new SchemaFiles(source);
    }

    /** A schema file by its path under {@code schemas/} (e.g. {@code common/types.json}). */
    public JsonNode document(String path) {
        return documents.computeIfAbsent(path, p -> {
            try {
                return Json.mapper().readTree(source.read(DIRECTORY + p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema " + DIRECTORY + p + " from " + source.describe()
                        + ": " + e.getMessage(), e);
            }
        });
    }

    /** The text of a schema file, for validators that parse it themselves. */
    public String text(String path) {
        try {
            return source.read(DIRECTORY + path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + DIRECTORY + path + ": " + e.getMessage(), e);
        }
    }

    /** The schema path of an {@code $id} under {@link #ID_BASE}, or null for any other IRI. */
    public static String pathOfId(String iri) {
        return iri.startsWith(ID_BASE) ? iri.substring(ID_BASE.length()) : null;
    }

    /**
     * Resolves {@code ref} written in the file at {@code fromPath}.
     *
     * @throws IllegalArgumentException for a reference outside the catalogue or to a missing node
     */
    public Resolved resolve(String fromPath, String ref) {
        URI target = URI.create(ID_BASE + fromPath).resolve(ref);
        String withoutFragment = target.getScheme() + ":" + target.getRawSchemeSpecificPart();
        String path = pathOfId(withoutFragment);
        if (path == null) {
            throw new IllegalArgumentException("$ref '" + ref + "' in " + fromPath + " points outside " + ID_BASE);
        }
        JsonNode node = document(path);
        String fragment = target.getFragment();
        if (fragment != null && !fragment.isEmpty()) {
            node = node.at(JsonPointer.compile(fragment));
            if (node.isMissingNode()) {
                throw new IllegalArgumentException("$ref '" + ref + "' in " + fromPath + " points at nothing");
            }
        }
        return new Resolved(path, node);
    }

    /** A schema node and the file it is in (relative references inside it resolve against that file). */
    public record Resolved(String path, JsonNode node) {
    }
}
