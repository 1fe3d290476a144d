package com.menuca.promo.catalog.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.catalog.CatalogSource;
import com.menuca.promo.catalog.SchemaFiles;
import com.menuca.promo.catalog.SchemaShape;
import com.menuca.promo.catalog.compat.BreakingChange.Kind;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind of breaking change is caught, also behind $ref / anyOf; additions pass. */
class SchemaCompatibilityTest {
    /** An event with a nullable row image, the way the CDC value schemas are written. */
    private static final String BASE = """
            {"type": "object", "required": ["op", "after"],
             "properties": {
               "op": {"enum": ["c", "u", "d"]},
               "after": {"anyOf": [{"$ref": "#/$defs/row"}, {"type": "null"}]}},
             "$defs": {"row": {"type": "object", "required": ["id", "title", "starts_at"],
               "properties": {
                 "id": {"type": "integer"},
                 "title": {"type": "string"},
                 "note": {"type": ["string", "null"]},
                 "starts_at": {"$ref": "types.json#/$defs/timestamp"},
                 "status": {"enum": ["draft", "active", "expired"]}}}}}
            """;
    private static final String TYPES = """
            {"$defs": {"timestamp": {"type": "string", "format": "date-time"}}}
            """;

    @Test
    void shouldCatchARemovedField() {
        assertThat(changes(BASE.replace("\"title\": {\"type\": \"string\"},", "").replace("\"title\", ", "")))
                .containsExactly(new BreakingChange(Kind.FIELD_REMOVED, "after.title", "was string"));
    }

    @Test
    void shouldCatchAChangedTypeIncludingNullabilityAndFormat() {
        assertThat(changes(BASE.replace("\"id\": {\"type\": \"integer\"}", "\"id\": {\"type\": \"string\"}")))
                .containsExactly(new BreakingChange(Kind.TYPE_CHANGED, "after.id", "integer -> string"));
        assertThat(changes(BASE.replace("\"title\": {\"type\": \"string\"}", "\"title\": {\"type\": [\"string\", \"null\"]}")))
                .extracting(BreakingChange::kind, BreakingChange::path).containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.TYPE_CHANGED, "after.title"));
        assertThat(changes(BASE, TYPES.replace("\"format\": \"date-time\"", "\"format\": \"date\"")))
                .containsExactly(new BreakingChange(Kind.TYPE_CHANGED, "after.starts_at", "format date-time -> date"));
    }

    @Test
    void shouldCatchAFieldMadeRequired() {
        assertThat(changes(BASE.replace("\"required\": [\"id\", \"title\", \"starts_at\"]", "\"required\": [\"id\", \"title\", \"starts_at\", \"note\"]")))
                .containsExactly(new BreakingChange(Kind.MADE_REQUIRED, "after.note", "was optional"));
    }

    @Test
    void shouldCatchARemovedEnumValue() {
        assertThat(changes(BASE.replace("\"enum\": [\"draft\", \"active\", \"expired\"]", "\"enum\": [\"draft\", \"active\"]")))
                .containsExactly(new BreakingChange(Kind.ENUM_VALUE_REMOVED, "after.status", "no longer allowed: [\"expired\"]"));
        assertThat(changes(BASE.replace("\"enum\": [\"c\", \"u\", \"d\"]", "\"enum\": [\"c\", \"u\"]")))
                .extracting(BreakingChange::path).containsExactly("op");
    }

    @Test
    void shouldAcceptAnAdditiveOptionalFieldAndANewEnumValue() {
        String added = BASE.replace("\"id\": {\"type\": \"integer\"},",
                "\"id\": {\"type\": \"integer\"}, \"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},");
        assertThat(changes(added)).isEmpty();
        assertThat(changes(BASE.replace("\"expired\"]", "\"expired\", \"archived\"]"))).isEmpty();
        assertThat(changes(BASE)).isEmpty();
    }

    @Test
    void shouldNameTheFieldTheChangelogMustMention() {
        assertThat(new BreakingChange(Kind.FIELD_REMOVED, "after.title", "").fieldName()).isEqualTo("title");
        assertThat(new BreakingChange(Kind.TYPE_CHANGED, "items[]", "").fieldName()).isEqualTo("items");
    }

    private static List<BreakingChange> changes(String changedValue) {
        return changes(changedValue, TYPES);
    }

    private static List<BreakingChange> changes(String changedValue, String changedTypes) {
        return SchemaCompatibility.breakingChanges(shape(BASE, TYPES), shape(changedValue, changedTypes));
    }

    private static SchemaShape shape(String value, String types) {
        Map<String, String> files = Map.of("schemas/value.json", value, "schemas/types.json", types);
        return SchemaShape.of(SchemaFiles.of(new CatalogSource() {
            @Override
            public String read(String path) throws IOException {
                String text = files.get(path);
                if (text == null) {
                    throw new NoSuchFileException(path);
                }
                return text;
            }

            @Override
            public String describe() {
                return "memory";
            }
        }), "value.json");
    }
}
