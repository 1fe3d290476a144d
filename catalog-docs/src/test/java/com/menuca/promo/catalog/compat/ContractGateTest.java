package com.menuca.promo.catalog.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate on the real contracts (the catalogue against schemas/baseline/ and schemas/CHANGELOG.md),
 * and its rules on a small synthetic catalogue: a breaking change lands only with a version bump and a
 * CHANGELOG section that names the field.
 */
class ContractGateTest {
    private static final String TOPIC = "promo.things";
    private static final String VALUE = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "$id": "https://schemas.menuca.com/promo/promo.things/value.json",
             "type": "object", "required": ["type", "restaurant_id"],
             "properties": {"type": {"enum": ["thing_made"]}, "restaurant_id": {"type": "integer"}, "label": {"type": "string"}}}
            """;

    @TempDir
    Path dir;

    @Test
    void shouldFindTheCurrentContractsCompatibleWithTheReleasedBaseline() throws IOException {
        Catalog baseline = Catalog.load(CatalogSource.directory(Path.of("..", "schemas", "baseline")));
        List<String> violations = ContractGate.violations(baseline, Catalog.bundled(),
                Files.readString(Path.of("..", "schemas", "CHANGELOG.md")));
        assertThat(violations).as("contract changes since the last release (schemas/baseline); see schemas/CHANGELOG.md")
                .isEmpty();
    }

    @Test
    void shouldRefuseABreakingChangeWithoutAVersionBump() throws IOException {
        Catalog baseline = catalog("baseline", 1, VALUE);
        Catalog current = catalog("current", 1, VALUE.replace(", \"label\": {\"type\": \"string\"}", ""));
        assertThat(ContractGate.violations(baseline, current, "## Unreleased\n")).singleElement().asString()
                .contains("promo.things has breaking changes for consumers: label: field removed")
                .contains("raise its version to 2")
                .contains("'### promo.things v2'");
    }

    @Test
    void shouldRefuseAVersionBumpThatTheChangelogDoesNotExplain() throws IOException {
        Catalog baseline = catalog("baseline", 1, VALUE);
        Catalog current = catalog("current", 2, VALUE.replace("\"integer\"", "\"string\""));
        assertThat(ContractGate.violations(baseline, current, "## Unreleased\n- promo.things: tidied\n"))
                .singleElement().asString().contains("no heading '### promo.things v2'");
        assertThat(ContractGate.violations(baseline, current, "## Unreleased\n### promo.things v2\nRenamed things.\n"))
                .singleElement().asString().contains("does not mention [restaurant_id]");
    }

    @Test
    void shouldAcceptABreakingChangeWithAVersionBumpAndAChangelogSection() throws IOException {
        Catalog baseline = catalog("baseline", 1, VALUE);
        Catalog current = catalog("current", 2, VALUE.replace("\"enum\": [\"thing_made\"]", "\"enum\": [\"thing_built\"]"));
        assertThat(ContractGate.violations(baseline, current, """
                ## Unreleased
                ### promo.things v2
                - `type`: thing_made is now thing_built; consumers match on the new name.
                ## Contracts 1
                """)).isEmpty();
    }

    @Test
    void shouldAcceptAnAdditiveChangeWithoutABumpAndRequireANewTopicInTheChangelog() throws IOException {
        Catalog baseline = catalog("baseline", 1, VALUE);
        Catalog additive = catalog("current", 1, VALUE.replace("\"label\": {\"type\": \"string\"}",
                "\"label\": {\"type\": \"string\"}, \"note\": {\"type\": \"string\"}"));
        assertThat(ContractGate.violations(baseline, additive, "")).isEmpty();

        assertThat(ContractGate.violations(additive, baseline, "")).as("the reverse removes a field").isNotEmpty();
        Catalog empty = catalog("empty", 0, null);
        assertThat(ContractGate.violations(empty, baseline, "## Unreleased\n")).singleElement().asString()
                .contains("promo.things is new");
        assertThat(ContractGate.violations(empty, baseline, "## Unreleased\n- `promo.things` v1: things\n")).isEmpty();
        assertThat(ContractGate.violations(baseline, empty, "")).singleElement().asString()
                .contains("promo.things was removed");
    }

    /** A catalogue with the topic at the given version, or no topic when version is 0. */
    private Catalog catalog(String name, int version, String valueSchema) throws IOException {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve("schemas/promo.things"));
        if (version == 0) {
            Files.writeString(root.resolve(Catalog.FILE), "contracts_version: 1\nowned_prefixes: [promo.]\ntopics: []\n");
            return Catalog.load(CatalogSource.directory(root));
        }
        Files.writeString(root.resolve("schemas/promo.things/key.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://schemas.menuca.com/promo/promo.things/key.json",
                 "type": "object", "required": ["restaurant_id"], "properties": {"restaurant_id": {"type": "integer"}}}
                """);
        Files.writeString(root.resolve("schemas/promo.things/value.json"), valueSchema);
        Files.writeString(root.resolve(Catalog.FILE), """
                contracts_version: 1
                owned_prefixes: [promo.]
                topics:
                  - name: %s
                    group: derived
                    version: %d
                    purpose: Things made.
                    producer: stream-processor
                    partitions: 3
                    config: {cleanup.policy: delete}
                    key: {schema: promo.things/key.json, fields: {restaurant_id: the restaurant}}
                    value: {schema: promo.things/value.json}
                    event_types: {thing_made: a thing was made}
                """.formatted(TOPIC, version));
        return Catalog.load(CatalogSource.directory(root));
    }
}
