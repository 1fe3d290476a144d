package com.menuca.promo.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @Test
    void shouldChartEveryHistogramAndTimelineAndTabulateEveryNumberWithoutLoadingAnything(@TempDir Path results) throws Exception {
        Files.writeString(results.resolve("notify.json"), """
                {"benchmark":"notify","finished_at":"2026-11-28T04:00:00Z","machine":{"cores":2,"java":"OpenJDK 17"},
                 "no_capture":{"writer_throughput":{"1":{"rows_per_s":9000},"8":{"rows_per_s":16000}}},
                 "cdc":{"writer_throughput":{"1":{"rows_per_s":8000},"8":{"rows_per_s":12000}},
                        "steady_latency":{"commit_to_client":{"p50_ms":7.5,"p99_ms":20.25,"missing":0,
                          "histogram_ms":[{"le_ms":5,"count":10},{"le_ms":10,"count":80},{"le_ms":null,"count":1}],
                          "timeline":[{"t_s":0,"committed_per_s":1000,"p99_ms":19},{"t_s":0.25,"committed_per_s":996,"p99_ms":null}]}}},
                 "ratios":{"writers_8_cdc_vs_no_capture":0.75}}""");
        Files.writeString(results.resolve("faults.json"), """
                {"benchmark":"faults","machine":{"cores":2},"checks":[
                  {"check":"kill -9 capture","committed":6175,"missing":0,"duplicates":147,"down_s":5.0,"recovered_s":8.5},
                  {"check":"kill -9 gateway","committed":7545,"missing":0,"duplicates":0,"down_s":5.2,"recovered_s":2.6,
                   "clients":{"clients":4,"resumed":2,"missing":0,"duplicates":0,"out_of_order":0}}]}""");
        Files.writeString(results.resolve("capture.json"), """
                {"benchmark":"capture","machine":{"cores":2},"bulk_transaction":{"rows_per_s":15421}}""");

        String html = Files.readString(BenchReport.write(results));

        assertThat(html).contains("<h2>capture</h2>", "<h2>notify</h2>", "Headline ratios", "writers_8_cdc_vs_no_capture",
                "Writer throughput", "Latency cdc.steady_latency.commit_to_client (p50 7.50, p99 20.25 ms)",
                "Throughput over time", "p99 latency over time", "bulk_transaction.rows_per_s", "15,421");
        assertThat(html).contains("<h3>Checks</h3>", "<th>kill -9 gateway</th>", "4 (2): 0 / 0 / 0", "Time to recover");
        assertThat(html.split("<svg", -1)).hasSize(1 + 5);
        assertThat(html).doesNotContain("<script", "src=", "href=");
    }

    @Test
    void shouldChartTheWriterThroughputOfEveryDesignOfTheRepeatedComparison() throws Exception {
        Path results = Files.createTempDirectory("bench-report-designs");
        Files.writeString(results.resolve("notify-fsync-on.json"), """
                {"benchmark":"notify-fsync-on","machine":{"cores":2},"writer_throughput":{
                  "no_capture":{"1":{"rows_per_s":900,"runs":[{"rows_per_s":900}]},"32":{"rows_per_s":4000}},
                  "pg_notify":{"1":{"rows_per_s":700},"32":{"rows_per_s":1100}},
                  "cdc":{"1":{"rows_per_s":800},"32":{"rows_per_s":3900}}}}""");

        String html = Files.readString(BenchReport.write(results));

        assertThat(html).contains("Writer throughput", "no capture", "pg notify", "32 writers");
    }
}
