package com.menuca.promo.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Validates keys and values against their topic's JSON Schema (2020-12, formats asserted) from the
 * catalogue. Thread-safe; schemas are compiled once per file. Every module's tests use it on the
 * events they see:
 *
 * <pre>{@code SchemaValidator.bundled().requireValid(record); // a ConsumerRecord<String, String>}</pre>
 */
public final class SchemaValidator {
    private static volatile SchemaValidator bundled;

    private final Catalog catalog;
    private final SchemaRegistry registry;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private SchemaValidator(Catalog catalog) {
        this.catalog = catalog;
        SchemaFiles files = catalog.schemas();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
                .schemas(iri -> {
                    String path = SchemaFiles.pathOfId(iri);
                    return path == null ? null : files.text(path);
                }));
    }

    public static SchemaValidator of(Catalog catalog) {
        return new SchemaValidator(catalog);
    }

    /** The validator of the bundled catalogue (shared). */
    public static SchemaValidator bundled() {
        SchemaValidator validator = bundled;
        if (validator == null) {
            synchronized (SchemaValidator.class) {
                if (bundled == null) {
                    bundled = new SchemaValidator(Catalog.bundled());
                }
                validator = bundled;
            }
        }
        return validator;
    }

    /** Violations of the topic's key schema; empty when valid. */
    public List<String> validateKey(String topic, JsonNode key) {
        return validate(contract(topic).key().schema(), key);
    }

    /** Violations of the topic's value schema; empty when valid. */
    public List<String> validateValue(String topic, JsonNode value) {
        return validate(contract(topic).value().schema(), value);
    }

    /**
     * Violations of key and value given as JSON text, each prefixed with {@code key} or {@code value}. A
     * null value (tombstone) is valid on a compacted topic only.
     */
    public List<String> validate(String topic, String keyJson, String valueJson) {
        List<String> violations = new ArrayList<>();
        parse("key", keyJson, violations).ifPresent(key -> validateKey(topic, key).forEach(v -> violations.add("key " + v)));
        if (valueJson == null && contract(topic).compacted()) {
            return violations;
        }
        parse("value", valueJson, violations).ifPresent(value ->
                validateValue(topic, value).forEach(v -> violations.add("value " + v)));
        return violations;
    }

    /** Throws a {@link SchemaViolationException} naming the topic, partition and offset unless the record is valid. */
    public void requireValid(ConsumerRecord<String, String> record) {
        List<String> violations = validate(record.topic(), record.key(), record.value());
        if (!violations.isEmpty()) {
            throw new SchemaViolationException(record.topic() + "-" + record.partition() + "@" + record.offset(),
                    violations);
        }
    }

    /** Throws a {@link SchemaViolationException} unless key and value are valid for the topic. */
    public void requireValid(String topic, String keyJson, String valueJson) {
        List<String> violations = validate(topic, keyJson, valueJson);
        if (!violations.isEmpty()) {
            throw new SchemaViolationException("event on " + topic, violations);
        }
    }

    private CatalogTopic contract(String topic) {
        CatalogTopic entry = catalog.require(topic);
        if (!entry.hasSchemas()) {
            throw new IllegalArgumentException("topic '" + topic + "' is internal: it has no schema to validate against");
        }
        return entry;
    }

    private List<String> validate(String schemaPath, JsonNode instance) {
        Schema schema = compiled.computeIfAbsent(schemaPath,
                path -> registry.getSchema(SchemaLocation.of(SchemaFiles.ID_BASE + path)));
        List<String> violations = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            violations.add(error.toString());
        }
        return violations;
    }

    private static java.util.Optional<JsonNode> parse(String part, String json, List<String> violations) {
        if (json == null) {
            violations.add(part + " is null (only a compacted topic has tombstones)");
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Json.mapper().readTree(json));
        } catch (JsonProcessingException e) {
            violations.add(part + " is not JSON: " + e.getOriginalMessage());
            return java.util.Optional.empty();
        }
    }
}
