package com.menuca.promo.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.bench.gateway.RealisticBenchmark;
import com.menuca.promo.infra.process.JavaCommand;
import com.menuca.promo.schemas.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code promo bench gateway --services-apart}, small: the broker, the capture, the processor and a
 * production gateway (a secret of its own) each in a process of the packaged launcher, clients that check
 * every frame. The run must pass (nothing lost, duplicated or foreign after the barrier), and its result
 * must say which JVMs it measured and carry the processor's figures from the processor's own JVM.
 */
class GatewayBenchmarkApartIT {
    private static final List<String> SERVICES = List.of("broker", "capture", "processor", "gateway");

    @TempDir
    Path results;

    @Test
    void theRealisticRunOnTheServicesApartDeliversEveryFrameOnce() throws Exception {
        Path jar = Path.of("target", "promo-dev.jar").toAbsolutePath();
        assertThat(jar).as("the launcher is packaged before integration tests").exists();
        RealisticBenchmark.Plan plan = new RealisticBenchmark.Plan(200, 50, Duration.ofSeconds(10), Duration.ofSeconds(5),
                false, List.of(), true, List.of());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean passed;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            passed = new RealisticBenchmark(plan, JavaCommand.packaged(jar), out).run(results);
        }
        String report = printed.toString(StandardCharsets.UTF_8);
        assertThat(passed).as(report).isTrue();

        JsonNode result = Json.mapper().readTree(results.resolve("gateway-apart.json").toFile());
        JsonNode checks = result.path("checks");
        assertThat(checks.path("frames_received").asLong()).as(report).isPositive();
        assertThat(checks.path("lost").asLong()).isZero();
        assertThat(checks.path("foreign").asLong()).isZero();
        assertThat(result.path("setup").asText()).contains("services apart");
        // the processor's meters are read from its own JVM's /metrics, not the gateway's
        assertThat(result.path("measured").path("processor_threads").path("records_processed_per_s").asDouble())
                .as("records the processor processed while measured").isPositive();
        for (String service : SERVICES) {
            assertThat(result.path("stack_jvm_options").path(service).isArray()).as(service).isTrue();
            assertThat(results.resolve("gateway-apart-" + service + ".log")).as("the %s's log is kept", service).exists();
        }
        assertThat(Files.readString(results.resolve("gateway-apart-gateway.log"))).contains("Gateway listening on");
    }
}
