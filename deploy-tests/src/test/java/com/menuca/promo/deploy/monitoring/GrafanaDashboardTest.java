package com.menuca.promo.deploy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.deploy.DeployDescriptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Grafana dashboard (infra/deploy/grafana/promo-realtime.json): it imports into any
 * Grafana with a Prometheus data source (chosen by a variable, no fixed uid), every panel queries that
 * data source, panels do not overlap, and every query is PromQL Prometheus accepts — each is handed to
 * {@code promtool check rules} as a recording rule, with Grafana's variables in place. That the
 * metrics they name exist is checked against running services (launcher's ServicesApartIT).
 */
class GrafanaDashboardTest {
    private static JsonNode dashboard;

    @BeforeAll
    static void load() throws IOException {
        dashboard = new ObjectMapper().readTree(DeployDescriptors.root().resolve("grafana/promo-realtime.json").toFile());
    }

    @Test
    void shouldImportWithAPrometheusDataSourceChosenAtImport() {
        assertThat(dashboard.path("uid").asText()).isEqualTo("promo-realtime");
        assertThat(dashboard.path("title").asText()).isEqualTo("promo-realtime");
        JsonNode datasource = variable("datasource");
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        assertThat(variable("instance").path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        for (JsonNode panel : queryPanels()) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            panel.path("targets").forEach(target ->
                    assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}"));
        }
    }

    @Test
    void shouldGiveEveryPanelAUniqueIdADescriptionAndItsOwnPlace() {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("id %s unique", panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel.path("title").asText()).isLessThanOrEqualTo(24);
            for (int x = grid.path("x").asInt(); x < grid.path("x").asInt() + grid.path("w").asInt(); x++) {
                for (int y = grid.path("y").asInt(); y < grid.path("y").asInt() + grid.path("h").asInt(); y++) {
                    assertThat(cells.add(x + "," + y)).as("%s overlaps another panel at %s,%s", panel.path("title").asText(), x, y).isTrue();
                }
            }
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("description").asText()).as("description of %s", panel.path("title").asText()).isNotBlank();
                assertThat(panel.path("targets").size()).as("queries of %s", panel.path("title").asText()).isPositive();
            }
        }
    }

    @Test
    void shouldWatchWhatTheAlertsWatch() {
        String queries = String.join("\n", expressions().values());
        for (String metric : List.of("promo_capture_streaming", "promo_capture_slot_lag_bytes", "promo_processor_dead_letters_total",
                "kafka_consumer_fetch_manager_records_lag", "promo_gateway_kafka_lag", "promo_gateway_drops_total",
                "promo_gateway_disconnects_total", "promo_gateway_delivery_latency_seconds_bucket", "jvm_memory_usage_after_gc")) {
            assertThat(queries).as("a panel shows %s", metric).contains(metric);
        }
    }

    @Test
    void everyQueryIsPromQlPrometheusAccepts(@TempDir Path dir) throws Exception {
        Map<String, String> expressions = expressions();
        List<Map<String, String>> records = new ArrayList<>();
        int i = 0;
        for (String expr : expressions.values()) {
            records.add(Map.of("record", "dashboard:query_" + i++, "expr", withVariables(expr)));
        }
        Files.writeString(dir.resolve("dashboard-queries.yml"), new YAMLMapper().writeValueAsString(
                Map.of("groups", List.of(Map.of("name", "dashboard", "rules", records)))));
        Promtool.Result result = Promtool.find().run(dir, "check", "rules", "dashboard-queries.yml");
        assertThat(result.exitCode()).as("%s%n%s", result.output(), expressions).isZero();
        assertThat(result.output()).contains("SUCCESS: " + expressions.size() + " rules found");
    }

    /** Grafana's variables as Grafana would fill them in. */
    static String withVariables(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__range", "1h").replace("$instance", ".+");
    }

    /** Every query of the dashboard, keyed by panel title and ref id. */
    static Map<String, String> expressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : queryPanels()) {
            panel.path("targets").forEach(t -> expressions.put(panel.path("title").asText() + "/" + t.path("refId").asText(),
                    t.path("expr").asText()));
        }
        return expressions;
    }

    private static List<JsonNode> queryPanels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (!p.path("type").asText().equals("row")) {
                panels.add(p);
            }
        });
        return panels;
    }

    private static JsonNode variable(String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no dashboard variable " + name);
    }
}
