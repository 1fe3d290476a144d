package com.menuca.promo.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds {@code report.html} from every {@code *.json} in a results directory: per benchmark the
 * machine it ran on, its headline ratios, a chart for every latency histogram ({@code histogram_ms})
 * and timeline ({@code timeline}) found anywhere in it, the writer-throughput comparison when present,
 * and every number as a table. One self-contained file: inline SVG, no scripts.
 */
public final class BenchReport {
    public static final String FILE = "report.html";

    private BenchReport() {
    }

    /** Writes {@code <resultsDir>/report.html}; returns its path. */
    public static Path write(Path resultsDir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(resultsDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        StringBuilder html = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>promo-realtime benchmarks</title>
                <style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
                table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;font-size:13px;text-align:left}
                td.n{text-align:right;font-variant-numeric:tabular-nums}h2{border-bottom:2px solid #4e79a7;margin-top:2em}
                .charts{display:flex;flex-wrap:wrap;gap:12px}.note{color:#555;font-size:13px}</style></head><body>
                <h1>promo-realtime benchmarks</h1>
                """);
        html.append("<p class='note'>Generated ").append(Instant.now()).append(" from ").append(files.size())
                .append(" result file(s) in ").append(Html.escape(resultsDir.toAbsolutePath().toString()))
                .append(". These machines are shared and noisy: compare ratios measured in the same run, not absolute numbers across runs.</p>");
        for (Path file : files) {
            JsonNode result = Json.mapper().readTree(file.toFile());
            section(html, file.getFileName().toString(), result);
        }
        html.append("</body></html>\n");
        Path out = resultsDir.resolve(FILE);
        Files.writeString(out, html, StandardCharsets.UTF_8);
        return out;
    }

    private static void section(StringBuilder html, String fileName, JsonNode result) {
        html.append("<h2>").append(Html.escape(result.path("benchmark").asText(fileName))).append("</h2>");
        JsonNode machine = result.path("machine");
        JsonNode source = result.path("source");
        JsonNode load = result.path("load");
        html.append("<p class='note'>").append(Html.escape(fileName)).append(", finished ")
                .append(Html.escape(result.path("finished_at").asText("?"))).append(" on ")
                .append(machine.path("cores").asText("?")).append(" cores (")
                .append(Html.escape(machine.path("cpu_model").asText("?"))).append("), ")
                .append(Html.escape(machine.path("java").asText("?"))).append(", max heap ")
                .append(machine.path("max_heap_mb").asText("?")).append(" MB; commit ")
                .append(Html.escape(source.path("commit").asText("?")))
                .append(source.path("dirty").asBoolean(false) ? " (with uncommitted changes)" : "")
                .append("; load average at start ").append(Html.escape(load.path("load_average_at_start").toString()))
                .append(", highest during the run ").append(Html.escape(load.path("load_average_1m_max").asText("?")));
        if (result.path("postgres").has("fsync")) {
            html.append("; PostgreSQL fsync=").append(Html.escape(result.path("postgres").path("fsync").asText()));
        }
        html.append(".</p>");
        if (result.has("ratios")) {
            html.append("<h3>Headline ratios</h3>");
            scalarTable(html, flatten(result.path("ratios"), ""));
        }
        if (result.path("checks").isArray()) {
            faultChecks(html, result.path("checks"));
        }
        html.append("<div class='charts'>");
        throughputChart(html, result);
        charts(html, result, "");
        html.append("</div>");
        html.append("<details><summary>all numbers</summary>");
        Map<String, String> all = flatten(result, "");
        all.keySet().removeIf(k -> k.startsWith("machine.") || k.startsWith("command.") || k.startsWith("source."));
        scalarTable(html, all);
        html.append("</details>");
    }

    /** The fault suite: one row per check, and how long each took to recover. */
    private static void faultChecks(StringBuilder html, JsonNode checks) {
        html.append("<h3>Checks</h3><table><tr><th>check</th><th>committed</th><th>missing</th><th>duplicates</th>"
                + "<th>down s</th><th>recovered s</th><th>clients (resumed): missing / duplicates / out of order</th></tr>");
        List<String> labels = new ArrayList<>();
        List<Double> recovered = new ArrayList<>();
        for (JsonNode check : checks) {
            JsonNode clients = check.path("clients");
            html.append("<tr><th>").append(Html.escape(check.path("check").asText())).append("</th>");
            for (String field : List.of("committed", "missing", "duplicates", "down_s", "recovered_s")) {
                html.append("<td class='n'>").append(Svg.number(check.path(field).asDouble())).append("</td>");
            }
            html.append("<td>").append(clients.isMissingNode() ? "" : clients.path("clients").asText() + " ("
                    + clients.path("resumed").asText() + "): " + clients.path("missing").asText() + " / "
                    + clients.path("duplicates").asText() + " / " + clients.path("out_of_order").asText()).append("</td></tr>");
            labels.add(check.path("check").asText());
            recovered.add(check.path("recovered_s").asDouble());
        }
        html.append("</table>");
        html.append(Svg.bars("Time to recover after the restart", "s", labels, Map.of("recovered", recovered)));
    }

    /** Writer throughput side by side when several configurations measured it (the pg_notify comparison). */
    private static void throughputChart(StringBuilder html, JsonNode result) {
        Map<String, JsonNode> configs = new LinkedHashMap<>();
        // writer_throughput.<design>.<writers> (since 2026-12), or <design>.writer_throughput.<writers> before
        result.path("writer_throughput").fields().forEachRemaining(e -> configs.put(e.getKey(), e.getValue()));
        result.fields().forEachRemaining(e -> {
            if (e.getValue().has("writer_throughput")) {
                configs.put(e.getKey(), e.getValue().path("writer_throughput"));
            }
        });
        if (configs.size() < 2) {
            return;
        }
        List<String> labels = new ArrayList<>();
        configs.values().iterator().next().fieldNames().forEachRemaining(w -> labels.add(w + " writers"));
        Map<String, List<Double>> series = new LinkedHashMap<>();
        configs.forEach((config, byWriters) -> {
            List<Double> values = new ArrayList<>();
            byWriters.fields().forEachRemaining(e -> values.add(e.getValue().path("rows_per_s").asDouble()));
            series.put(config.replace('_', ' '), values);
        });
        html.append(Svg.bars("Writer throughput", "rows/s", labels, series));
    }

    private static void charts(StringBuilder html, JsonNode node, String path) {
        if (!node.isObject()) {
            return;
        }
        if (node.has("histogram_ms")) {
            List<String> labels = new ArrayList<>();
            List<Double> counts = new ArrayList<>();
            for (JsonNode bucket : node.path("histogram_ms")) {
                labels.add(bucket.path("le_ms").isNull() ? "more" : "≤" + Svg.number(bucket.path("le_ms").asDouble()));
                counts.add(bucket.path("count").asDouble());
            }
            html.append(Svg.bars("Latency " + path + String.format(" (p50 %s, p99 %s ms)",
                    Svg.number(node.path("p50_ms").asDouble()), Svg.number(node.path("p99_ms").asDouble())),
                    "samples per bucket (ms)", labels, Map.of("samples", counts)));
        }
        if (node.has("timeline")) {
            List<Double> xs = new ArrayList<>();
            List<Double> rate = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            for (JsonNode point : node.path("timeline")) {
                xs.add(point.path("t_s").asDouble());
                rate.add(point.path("committed_per_s").asDouble());
                p99.add(point.path("p99_ms").isNull() ? null : point.path("p99_ms").asDouble());
            }
            html.append(Svg.lines("Throughput over time " + path, "s", "commits/s", xs, Map.of("commits/s", rate)));
            html.append(Svg.lines("p99 latency over time " + path, "s", "ms", xs, Map.of("p99 ms", p99)));
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            charts(html, field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
        }
    }

    /** Every scalar under {@code node} by dotted path; arrays of charts are left to the charts. */
    private static Map<String, String> flatten(JsonNode node, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("histogram_ms") && !e.getKey().equals("timeline")) {
                    out.putAll(flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey()));
                }
            });
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode item : node) {
                out.putAll(flatten(item, path + "[" + i++ + "]"));
            }
        } else {
            out.put(path, node.isNumber() ? Svg.number(node.asDouble()) : node.asText());
        }
        return out;
    }

    private static void scalarTable(StringBuilder html, Map<String, String> values) {
        html.append("<table>");
        values.forEach((key, value) -> html.append("<tr><th>").append(Html.escape(key)).append("</th><td class='n'>")
                .append(Html.escape(value)).append("</td></tr>"));
        html.append("</table>");
    }
}
