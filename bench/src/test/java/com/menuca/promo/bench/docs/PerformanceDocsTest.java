package com.menuca.promo.bench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/performance.md quotes only numbers from result files committed under docs/benchmarks/, each
 * equal to the value it cites (see {@link QuotedFigures} for the convention), and every committed
 * result file says what it ran on, from which commit, as which command and under what load.
 * Reads files only: no benchmark runs here.
 */
class PerformanceDocsTest {
    private static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
    private static final List<String> CONTEXT = List.of("/benchmark", "/started_at", "/finished_at", "/command/main",
            "/command/arguments", "/command/jvm_options", "/options", "/source/commit", "/source/dirty", "/machine/cores",
            "/machine/memory_mb", "/machine/cpu_model", "/machine/os", "/machine/java", "/load/load_average_at_start",
            "/load/load_average_at_end", "/load/load_average_1m_max");

    @Test
    void shouldQuoteOnlyFiguresFromCommittedResultFiles() throws Exception {
        QuotedFigures figures = QuotedFigures.check(DOCS.resolve("performance.md"));

        assertThat(figures.problems()).as("figures in docs/performance.md not backed by docs/benchmarks/").isEmpty();
        assertThat(figures.checkedFigures()).as("figures checked").isPositive();
        assertThat(figures.citedFiles()).allSatisfy(file -> assertThat(file.startsWith(DOCS.resolve("benchmarks")))
                .as("%s is under docs/benchmarks/", file).isTrue());
    }

    @Test
    void shouldKeepTheRunsContextInEveryCommittedResultFile() throws Exception {
        List<String> missing = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> all = Files.walk(DOCS.resolve("benchmarks"))) {
            files = all.filter(p -> p.toString().endsWith(".json")).toList();
        }
        for (Path file : files) {
            JsonNode json = Json.mapper().readTree(file.toFile());
            for (String pointer : CONTEXT) {
                if (json.at(pointer).isMissingNode()) {
                    missing.add(DOCS.relativize(file) + " " + pointer);
                }
            }
        }
        assertThat(files).as("committed result files").isNotEmpty();
        assertThat(missing).as("result files without their run's context").isEmpty();
    }
}
