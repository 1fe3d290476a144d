package com.menuca.promo.gateway.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.json.Json;
import org.junit.jupiter.api.Test;

/** The postgres_changes {@code data} object: its shape per change type, and the size limit. */
class ChangePayloadTest {

    private static ChangeEvent<ObjectNode> change(String op, String before, String after) throws Exception {
        return Json.mapper().readValue("{\"op\":\"" + op + "\",\"before\":" + before + ",\"after\":" + after
                + ",\"source\":{\"ts_ms\":1795837385534,\"snapshot\":\"false\",\"db\":\"menuca\",\"schema\":\"menuca_v3\","
                + "\"table\":\"marketing_tags\",\"txId\":1,\"lsn\":2},\"ts_ms\":1795837385600}", ChangeEvent.UNTYPED);
    }

    private static JsonNode data(String type, ChangeEvent<ObjectNode> change, int limit) throws Exception {
        return Json.mapper().readTree(ChangePayload.encode(CdcTable.MARKETING_TAGS, type, change, limit));
    }

    @Test
    void carriesColumnsWithTypesCommitTimeAndTheRowsOfTheChangeType() throws Exception {
        String row = "{\"id\":1,\"name\":\"Tacos\",\"slug\":\"tacos\",\"created_at\":\"2026-11-28T03:43:05.534086Z\"}";
        String renamed = row.replace("\"Tacos\"", "\"Tacos!\"");
        JsonNode insert = data("INSERT", change("c", "null", row), 1 << 20);
        assertThat(insert.path("schema").asText()).isEqualTo("menuca_v3");
        assertThat(insert.path("table").asText()).isEqualTo("marketing_tags");
        assertThat(insert.path("type").asText()).isEqualTo("INSERT");
        assertThat(insert.path("commit_timestamp").asText()).isEqualTo("2026-11-28T03:43:05.534Z");
        assertThat(insert.path("columns").toString()).isEqualTo("[{\"name\":\"id\",\"type\":\"int8\"},{\"name\":\"name\","
                + "\"type\":\"text\"},{\"name\":\"slug\",\"type\":\"text\"},{\"name\":\"created_at\",\"type\":\"timestamptz\"}]");
        assertThat(insert.path("record").path("name").asText()).isEqualTo("Tacos");
        assertThat(insert.has("old_record")).isFalse();
        assertThat(insert.path("errors").isNull()).isTrue();

        JsonNode update = data("UPDATE", change("u", row, renamed), 1 << 20);
        assertThat(update.path("record").path("name").asText()).isEqualTo("Tacos!");
        assertThat(update.path("old_record").path("name").asText()).isEqualTo("Tacos");

        JsonNode delete = data("DELETE", change("d", row, "null"), 1 << 20);
        assertThat(delete.has("record")).isFalse();
        assertThat(delete.path("old_record").path("id").asLong()).isEqualTo(1);
    }

    @Test
    void cutsLongTextValuesOfAnOversizedChangeAndSaysWhich() throws Exception {
        String longName = "n".repeat(5_000);
        String row = "{\"id\":1,\"name\":\"" + longName + "\",\"slug\":\"short\",\"created_at\":\"2026-11-28T03:43:05Z\"}";
        JsonNode data = data("INSERT", change("c", "null", row), 1_024);
        assertThat(data.path("record").path("name").asText()).hasSize(ChangePayload.CUT_TO);
        assertThat(data.path("record").path("slug").asText()).isEqualTo("short");
        assertThat(data.path("errors").get(0).asText()).contains("exceeded 1024 bytes").contains("[name]")
                .contains("cut to 64 characters");
        assertThat(data("INSERT", change("c", "null", row), 1 << 20).path("record").path("name").asText())
                .as("under the limit nothing is cut").hasSize(5_000);
    }
}
