package com.menuca.promo.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code promo bench notify} with short phases: both designs really deliver every row to their
 * WebSocket client (the baseline through triggers, NOTIFY and the relay; ours through the capture,
 * Kafka and the gateway; and each row's derived coupon_redeemed event through the processor to a
 * broadcast client), and every number the report needs is written. Runs with {@code -Plong}.
 */
class NotifyComparisonLongIT {

    @Test
    void shouldDeliverEveryRowToBothClientsAndWriteComparableNumbers() throws Exception {
        Path results = Files.createTempDirectory("notify-results");
        new NotifyComparisonBenchmark(NotifyComparisonBenchmark.Plan.QUICK, new PrintStream(System.out, true)).run(results);

        JsonNode json = Json.mapper().readTree(results.resolve("notify-shortened.json").toFile());
        assertThat(json.path("shortened").asText()).contains("at least 60 s");
        for (String config : new String[] {"pg_notify", "cdc"}) {
            JsonNode measured = json.path(config);
            json.path("writer_throughput").path(config).forEach(cell -> {
                assertThat(cell.path("rows_per_s").asLong()).isPositive();
                assertThat(cell.path("all_delivered_to_client").asBoolean()).as("%s: %s", config, cell).isTrue();
            });
            for (String phase : new String[] {"steady_latency", "burst"}) {
                JsonNode latency = measured.path(phase).path("commit_to_client");
                assertThat(latency.path("missing").asLong()).as("%s %s rows never delivered", config, phase).isZero();
                assertThat(latency.path("samples").asLong()).isPositive();
                assertThat(latency.path("histogram_ms").size()).isPositive();
            }
        }
        JsonNode derived = json.path("cdc").path("steady_latency").path("commit_to_derived_event_client");
        assertThat(derived.path("missing").asLong()).as("rows without their coupon_redeemed at the broadcast client").isZero();
        assertThat(derived.path("samples").asLong()).isPositive();
        assertThat(json.path("writer_throughput").path("no_capture").path("1").path("rows_per_s").asLong()).isPositive();
        assertThat(json.path("order")).as("every design once per repeat").hasSize(3);
        assertThat(json.path("ratios").path("writers_8_cdc_vs_pg_notify").asDouble()).isPositive();
    }
}
