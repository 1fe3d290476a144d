package com.menuca.promo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result file carries its run's context beside the figures, so a number is never read alone. */
class ResultFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheFiguresWithTheMachineTheSourceTheCommandAndTheLoad() throws Exception {
        ResultFile run = ResultFile.begin("capture-test", Map.of("writers", 64));

        Path file = run.write(dir, Map.of("rows_per_s", 25_000));

        JsonNode json = Json.mapper().readTree(file.toFile());
        assertThat(file.getFileName()).hasToString("capture-test.json");
        assertThat(json.at("/benchmark").asText()).isEqualTo("capture-test");
        assertThat(json.at("/rows_per_s").asInt()).isEqualTo(25_000);
        assertThat(json.at("/options/writers").asInt()).isEqualTo(64);
        assertThat(json.at("/machine/cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.at("/command/jvm_options").isArray()).isTrue();
        // the tests run inside this project's git checkout
        assertThat(json.at("/source/commit").asText()).matches("[0-9a-f]{40}");
        assertThat(json.at("/source/dirty").isBoolean()).isTrue();
        assertThat(json.at("/load/load_average_at_start").isArray()).isTrue();
        assertThat(json.at("/load/load_average_1m_max").isNumber()).isTrue();
        assertThat(json.at("/duration_s").isNumber()).isTrue();
    }

    @Test
    void shouldRefuseAResultThatWouldHideTheContext() {
        ResultFile run = ResultFile.begin("capture-test", null);

        assertThatThrownBy(() -> run.write(dir, Map.of("machine", "a faster one")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'machine'");
    }
}
