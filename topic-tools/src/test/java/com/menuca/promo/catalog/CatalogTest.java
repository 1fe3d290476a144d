package com.menuca.promo.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.ChangeSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled catalogue is complete, agrees with the Java contract constants, and a wrong one is refused. */
class CatalogTest {
    private final Catalog catalog = Catalog.bundled();

    @Test
    void shouldListTheFiveChangeTopicsAndTheCaptureOffsetsTopic() {
        assertThat(catalog.group(TopicGroup.CDC)).extracting(CatalogTopic::name).containsExactly(
                "menuca.menuca_v3.promotional_deals", "menuca.menuca_v3.promotional_coupons",
                "menuca.menuca_v3.marketing_tags", "menuca.menuca_v3.restaurant_tag_associations",
                "menuca.menuca_v3.coupon_usage_log");
        for (CatalogTopic cdc : catalog.group(TopicGroup.CDC)) {
            assertThat(cdc.partitions()).isEqualTo(3);
            assertThat(cdc.cleanupPolicy()).isEqualTo("delete");
            assertThat(cdc.retentionMs()).as("change topics keep history").contains(-1L);
            assertThat(cdc.eventTypes()).containsOnlyKeys("c", "u", "d", "r");
        }
        CatalogTopic offsets = catalog.require("promo.capture.offsets");
        assertThat(offsets.group()).isEqualTo(TopicGroup.INTERNAL);
        assertThat(offsets.compacted()).isTrue();
        assertThat(offsets.partitions()).isEqualTo(1);
    }

    @Test
    void shouldAgreeWithTheCdcTableConstants() {
        for (CdcTable table : CdcTable.values()) {
            CatalogTopic entry = catalog.require(table.topic().name());
            assertThat(entry.group()).isEqualTo(TopicGroup.CDC);
            assertThat(entry.table()).isEqualTo(table.tableName());
            assertThat(List.copyOf(entry.key().fields().keySet())).as("key of %s", table).isEqualTo(table.primaryKey());
        }
        assertThat(catalog.group(TopicGroup.CDC)).extracting(CatalogTopic::name)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(CdcTable.values()).map(t -> t.topic().name()).toList());
    }

    @Test
    void shouldDeclareEveryFieldTheJavaEnvelopeTypesRead() {
        JsonNode envelope = catalog.schemas().document("common/change-envelope.json");
        for (var component : ChangeEvent.class.getRecordComponents()) {
            String field = component.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value();
            assertThat(field.equals("before") || field.equals("after") || envelope.path("properties").has(field))
                    .as("ChangeEvent.%s is in the envelope schema", field).isTrue();
        }
        for (var component : ChangeSource.class.getRecordComponents()) {
            String field = component.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value();
            assertThat(envelope.path("$defs").path("source").path("required"))
                    .as("ChangeSource.%s is a required source field", field)
                    .anyMatch(n -> n.asText().equals(field));
        }
    }

    @Test
    void shouldRefuseAWrongCatalogueListingEveryProblem(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("schemas/other.thing"));
        Files.writeString(dir.resolve("schemas/other.thing/key.json"),
                "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":\"wrong\",\"required\":[\"id\"]}");
        Files.writeString(dir.resolve(Catalog.FILE), """
                contracts_version: 1
                owned_prefixes: [promo.]
                topics:
                  - name: other.thing
                    group: derived
                    version: 0
                    purpose: p
                    producer: q
                    partitions: 3
                    config: {cleanup.policy: delete}
                    key: {schema: other.thing/key.json, fields: {code: the code}}
                    value: {schema: other.thing/missing.json}
                    event_types: {x: y}
                  - name: promo.dup
                    group: internal
                    version: 1
                    purpose: p
                    producer: q
                    partitions: 0
                    config: {cleanup.policy: shred}
                  - name: promo.dup
                    group: internal
                    version: 1
                    purpose: p
                    producer: q
                    partitions: 1
                    config: {cleanup.policy: compact}
                """);
        assertThatThrownBy(() -> Catalog.load(CatalogSource.directory(dir)))
                .isInstanceOf(CatalogException.class)
                .satisfies(e -> assertThat(((CatalogException) e).problems()).anyMatch(p -> p.contains("must start with one of"))
                        .anyMatch(p -> p.contains("version must be 1 or more"))
                        .anyMatch(p -> p.contains("must have \"$id\": \"https://schemas.menuca.com/promo/other.thing/key.json\""))
                        .anyMatch(p -> p.contains("key fields [code] differ"))
                        .anyMatch(p -> p.contains("missing.json"))
                        .anyMatch(p -> p.contains("partitions must be 1 or more"))
                        .anyMatch(p -> p.contains("cleanup.policy must be one of"))
                        .anyMatch(p -> p.contains("promo.dup: listed twice")));
    }

    @Test
    void shouldRefuseAnUnknownFieldSoATypoIsNotSilentlyIgnored(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(Catalog.FILE), """
                contracts_version: 1
                owned_prefixes: [promo.]
                topics:
                  - name: promo.x
                    group: internal
                    version: 1
                    purpose: p
                    producer: q
                    partitions: 1
                    partitons: 4
                    config: {cleanup.policy: compact}
                """);
        assertThatThrownBy(() -> Catalog.load(CatalogSource.directory(dir)))
                .isInstanceOf(CatalogException.class).hasMessageContaining("partitons");
    }
}
