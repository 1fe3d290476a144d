package com.menuca.promo.bench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker behind {@link PerformanceDocsTest}: it fails for each way a quoted figure can be wrong. */
class QuotedFiguresTest {
    private static final String RESULT = """
            {"benchmark":"capture","load":{"load_average_at_start":[0.42,1.1,2.0]},
             "bulk":{"rows_per_s":72225.4,"p99_ms":13.147,"runs":[{"rows_per_s":70248}]},"settled":true,
             "gc":{"G1 young collection pauses":{"pauses":24}}}""";

    @TempDir
    Path docs;

    private QuotedFigures check(String page) throws Exception {
        Files.createDirectories(docs.resolve("benchmarks"));
        Files.writeString(docs.resolve("benchmarks/capture-a.json"), RESULT);
        Files.writeString(docs.resolve("performance.md"), page);
        return QuotedFigures.check(docs.resolve("performance.md"));
    }

    @Test
    void shouldAcceptFiguresQuotedToTheDigitsShown() throws Exception {
        QuotedFigures figures = check("""
                Median [72,225](benchmarks/capture-a.json#/bulk/rows_per_s) rows/s (first run
                [70,248](benchmarks/capture-a.json#/bulk/runs/0/rows_per_s)), p99 [13.1](benchmarks/capture-a.json#/bulk/p99_ms) ms,
                settled: [true](benchmarks/capture-a.json#/settled); load average
                [0.42](benchmarks/capture-a.json#/load/load_average_at_start/0). Target ≥ 50,000 rows/s, p99 ≤ 50 ms.
                `promo bench capture --rate 1000` polls every `5 ms`.
                """);
        assertThat(figures.problems()).isEmpty();
        assertThat(figures.checkedFigures()).isEqualTo(5);
    }

    @Test
    void shouldReadAKeyWithSpacesFromItsPercentEncodedPointer() throws Exception {
        QuotedFigures figures = check("""
                [24](benchmarks/capture-a.json#/gc/G1%20young%20collection%20pauses/pauses) pauses, load
                [0.42](benchmarks/capture-a.json#/load/load_average_at_start/0)
                """);
        assertThat(figures.problems()).isEmpty();
        assertThat(figures.checkedFigures()).isEqualTo(2);
    }

    @Test
    void shouldReportAFigureThatDiffersFromItsResultFile() throws Exception {
        QuotedFigures figures = check("""
                [72,300](benchmarks/capture-a.json#/bulk/rows_per_s) rows/s, p99 [13.2](benchmarks/capture-a.json#/bulk/p99_ms) ms,
                load [0.42](benchmarks/capture-a.json#/load/load_average_at_start/0)
                """);
        assertThat(figures.problems()).extracting(Object::toString).containsExactly(
                "line 1: '72,300' but benchmarks/capture-a.json#/bulk/rows_per_s is 72225.4",
                "line 1: '13.2' but benchmarks/capture-a.json#/bulk/p99_ms is 13.147");
    }

    @Test
    void shouldReportAMissingFileOrPath() throws Exception {
        QuotedFigures figures = check("""
                [1](benchmarks/nothing.json#/a) and [2](benchmarks/capture-a.json#/bulk/nothing),
                load [0.42](benchmarks/capture-a.json#/load/load_average_at_start/0)
                """);
        assertThat(figures.problems()).hasSize(2);
        assertThat(figures.problems().get(0).text()).startsWith("cannot read result file benchmarks/nothing.json");
        assertThat(figures.problems().get(1).text()).isEqualTo("'2': benchmarks/capture-a.json has nothing at /bulk/nothing");
    }

    @Test
    void shouldReportAMeasuredNumberThatIsNotALink() throws Exception {
        QuotedFigures figures = check("""
                The capture moved 72,225 rows/s with a p99 of 13.1 ms and 0.6 cores.
                """);
        assertThat(figures.problems()).extracting(QuotedFigures.Problem::text).containsExactly(
                "'72,225 rows/s' is not a link to a result file (write [figure](benchmarks/FILE.json#/json/pointer))",
                "'13.1 ms' is not a link to a result file (write [figure](benchmarks/FILE.json#/json/pointer))",
                "'0.6 cores' is not a link to a result file (write [figure](benchmarks/FILE.json#/json/pointer))");
    }

    @Test
    void shouldRequireTheLoadOfEveryCitedRun() throws Exception {
        QuotedFigures figures = check("[72,225](benchmarks/capture-a.json#/bulk/rows_per_s) rows/s\n");
        assertThat(figures.problems()).extracting(QuotedFigures.Problem::text)
                .containsExactly("benchmarks/capture-a.json is cited but its load (a link into /load) is not quoted: "
                        + "say how busy the machine was");
    }
}
