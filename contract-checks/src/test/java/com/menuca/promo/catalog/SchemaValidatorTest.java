package com.menuca.promo.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDC schemas accept a real captured event and reject each kind of broken one. */
class SchemaValidatorTest {
    private static final String DEALS = "menuca.menuca_v3.promotional_deals";
    private final SchemaValidator validator = SchemaValidator.bundled();

    @Test
    void shouldAcceptARealUpdateCapturedFromTheDevStack() throws IOException {
        assertThat(validator.validateValue(DEALS, sample())).isEmpty();
        assertThat(validator.validate(DEALS, "{\"id\":83}", sample().toString())).isEmpty();
    }

    @Test
    void shouldRejectAMissingColumnAWrongTypeABadTimestampAndAnUndocumentedColumn() throws IOException {
        assertInvalid(e -> ((ObjectNode) e.path("after")).remove("title"), "title");
        assertInvalid(e -> ((ObjectNode) e.path("after")).put("discount_amount", 7.0), "discount_amount");
        assertInvalid(e -> ((ObjectNode) e.path("after")).put("starts_at", "yesterday"), "starts_at");
        assertInvalid(e -> ((ObjectNode) e.path("before")).put("loyalty_points", 3), "loyalty_points");
        assertInvalid(e -> ((ObjectNode) e.path("after")).put("status", "archived"), "status");
    }

    @Test
    void shouldRejectAnEnvelopeWhoseOpDoesNotMatchItsRowImages() throws IOException {
        assertInvalid(e -> ((ObjectNode) e).put("op", "d"), "after");
        assertInvalid(e -> ((ObjectNode) e).put("op", "x"), "op");
        assertInvalid(e -> ((ObjectNode) e).remove("source"), "source");
        assertInvalid(e -> ((ObjectNode) e.path("source")).put("table", "promotional_coupons"), "table");
    }

    @Test
    void shouldCheckKeysAndNameTheRecordInTheFailure() throws IOException {
        assertThat(validator.validate(DEALS, "{\"id\":\"83\"}", sample().toString())).singleElement()
                .asString().startsWith("key ").contains("id");
        assertThat(validator.validate("menuca.menuca_v3.restaurant_tag_associations", "{\"restaurant_id\":1}", "{}"))
                .anyMatch(v -> v.startsWith("key ") && v.contains("tag_id"));
        assertThatThrownBy(() -> validator.requireValid(DEALS, "{\"id\":83}", "not json"))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("event on " + DEALS)
                .hasMessageContaining("value is not JSON");
    }

    @Test
    void shouldRefuseTopicsOutsideTheCatalogueAndInternalTopics() {
        assertThatThrownBy(() -> validator.validateValue("menuca.menuca_v3.orders", Json.mapper().createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the topic catalogue");
        assertThatThrownBy(() -> validator.validateValue("promo.capture.offsets", Json.mapper().createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("internal");
    }

    @Test
    void shouldAcceptATombstoneOnlyOnACompactedTopic(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("schemas/promo.state"));
        for (String part : List.of("key", "value")) {
            Files.writeString(dir.resolve("schemas/promo.state/" + part + ".json"), """
                    {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "$id": "https://schemas.menuca.com/promo/promo.state/%s.json",
                     "type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
                    """.formatted(part));
        }
        Files.writeString(dir.resolve(Catalog.FILE), """
                contracts_version: 1
                owned_prefixes: [promo.]
                topics:
                  - name: promo.state
                    group: derived
                    version: 1
                    purpose: Latest state per id.
                    producer: stream-processor
                    partitions: 1
                    config: {cleanup.policy: compact}
                    key: {schema: promo.state/key.json, fields: {id: the id}}
                    value: {schema: promo.state/value.json}
                    event_types: {state: the latest state}
                """);
        SchemaValidator compacted = SchemaValidator.of(Catalog.load(CatalogSource.directory(dir)));
        assertThat(compacted.validate("promo.state", "{\"id\":1}", null)).isEmpty();
        assertThat(compacted.validate("promo.state", "{\"id\":1}", "{\"id\":1}")).isEmpty();
        assertThat(validator.validate(DEALS, "{\"id\":1}", null)).singleElement().asString()
                .contains("only a compacted topic has tombstones");
    }

    private void assertInvalid(Consumer<JsonNode> breakIt, String mentioned) throws IOException {
        JsonNode event = sample();
        breakIt.accept(event);
        List<String> violations = validator.validateValue(DEALS, event);
        assertThat(violations).as("violations of %s", event).isNotEmpty();
        assertThat(String.join("\n", violations)).contains(mentioned);
    }

    static JsonNode sample() throws IOException {
        try (InputStream in = SchemaValidatorTest.class.getResourceAsStream("/samples/promotional_deals-update.json")) {
            return Json.mapper().readTree(in);
        }
    }
}
