package com.menuca.promo.deploy.services;

import static com.menuca.promo.deploy.services.Descriptors.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compose stack starts in order and keeps its data: Kafka writes where its volume is, every
 * service has a health check and waits for what it needs to be healthy, the processor publishes no
 * port and ops endpoints are published on the host's loopback only; the monitoring profile mounts
 * files that exist. Every image is a pinned version.
 */
class ComposeStackTest {
    private final Descriptors descriptors = Descriptors.load();

    @Test
    void kafkaWritesItsLogsOnItsVolume() {
        JsonNode kafka = descriptors.composeService("kafka");
        String logDirs = kafka.path("environment").path("KAFKA_LOG_DIRS").asText();
        assertThat(logDirs).as("KAFKA_LOG_DIRS: the image's default is under /tmp, lost with the container").isNotBlank();
        assertThat(texts(kafka.path("volumes"))).anySatisfy(volume -> {
            String[] parts = volume.split(":");
            assertThat(descriptors.compose.path("volumes").has(parts[0])).as("a named volume").isTrue();
            assertThat(parts[1]).isEqualTo(logDirs);
        });
        assertThat(kafka.path("environment").path("CLUSTER_ID").asText()).as("a fixed cluster id matches the kept data")
                .matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void everyServiceHasAHealthCheckAndWaitsForWhatItNeedsToBeHealthy() {
        for (String name : List.of("postgres", "kafka", "capture", "processor", "gateway")) {
            assertThat(texts(descriptors.composeService(name).path("healthcheck").path("test"))).as("health check of %s", name)
                    .isNotEmpty();
        }
        assertThat(dependencies("capture")).containsEntry("postgres", "service_healthy").containsEntry("kafka", "service_healthy")
                .as("the capture's preflight needs the menuca_v3 tables").containsEntry("migrate", "service_completed_successfully");
        assertThat(dependencies("processor")).containsEntry("capture", "service_healthy");
        assertThat(dependencies("gateway")).containsEntry("kafka", "service_healthy");
    }

    @Test
    void migrateAppliesTheSchemaToTheCapturesDatabaseOnceAndExits() {
        JsonNode migrate = descriptors.composeService("migrate");
        assertThat(migrate.path("image").asText()).isEqualTo(Descriptors.image());
        assertThat(texts(migrate.path("command"))).containsExactly("migrate");
        assertThat(migrate.path("restart").asText()).as("a one-shot step, never restarted").isEqualTo("no");
        assertThat(dependencies("migrate")).containsEntry("postgres", "service_healthy");
        JsonNode capture = descriptors.composeService("capture").path("environment");
        java.util.List<String> variables = new ArrayList<>();
        migrate.path("environment").fieldNames().forEachRemaining(variables::add);
        assertThat(variables).isNotEmpty().allMatch(v -> v.startsWith("PROMO_POSTGRES_"));
        for (String variable : List.of("PROMO_POSTGRES_HOST", "PROMO_POSTGRES_PORT", "PROMO_POSTGRES_DATABASE")) {
            assertThat(migrate.path("environment").path(variable).asText()).as("%s: the capture's database", variable)
                    .isEqualTo(capture.path(variable).asText());
        }
        assertThat(migrate.path("environment").path("PROMO_POSTGRES_PASSWORD").asText()).startsWith("${");
    }

    @Test
    void shouldPublishOnlyTheClientPortBeyondTheHost() {
        assertThat(descriptors.composeService("processor").has("ports"))
                .as("the processor's API and ops endpoints are for the compose network only").isFalse();
        for (Iterator<Map.Entry<String, JsonNode>> it = descriptors.compose.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            for (String published : texts(service.getValue().path("ports"))) {
                if (!published.equals("4000:4000")) {
                    assertThat(published).as("%s publishes %s on the host's loopback only", service.getKey(), published)
                            .startsWith("127.0.0.1:");
                }
            }
        }
        assertThat(texts(descriptors.composeService("gateway").path("ports"))).contains("4000:4000");
    }

    @Test
    void theMonitoringProfileMountsThePrometheusConfigTheRulesAndTheDashboard() {
        Path composeDir = descriptors.root.resolve("compose");
        for (String name : List.of("prometheus", "grafana")) {
            JsonNode service = descriptors.composeService(name);
            assertThat(texts(service.path("profiles"))).as("%s only with --profile monitoring", name).containsExactly("monitoring");
            for (String volume : texts(service.path("volumes"))) {
                String source = volume.split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(composeDir.resolve(source).normalize()).as("%s mounts %s", name, source).exists();
                }
            }
        }
        assertThat(texts(descriptors.composeService("prometheus").path("volumes")))
                .anyMatch(v -> v.startsWith("../prometheus:/etc/prometheus"));
        assertThat(Files.exists(composeDir.resolve("../prometheus/prometheus.yml"))).isTrue();
        assertThat(texts(descriptors.composeService("grafana").path("volumes")))
                .anyMatch(v -> v.startsWith("../grafana/promo-realtime.json:"));
    }

    @Test
    void everyImageIsAPinnedVersion() {
        List<String> images = new ArrayList<>();
        descriptors.compose.path("services").forEach(service -> images.add(service.path("image").asText()));
        descriptors.dockerfile.lines().filter(l -> l.startsWith("FROM ")).forEach(l -> images.add(l.split("\\s+")[1]));
        assertThat(images).isNotEmpty().allSatisfy(image -> assertThat(image).as("image %s", image)
                .matches("[a-z0-9./_-]+:v?\\d+\\.\\d+[A-Za-z0-9._-]*").doesNotEndWith(":latest"));
        descriptors.compose.path("services").forEach(service -> {
            if (service.path("image").asText().startsWith(Descriptors.REPOSITORY + ":")) {
                assertThat(service.path("image").asText()).isEqualTo(Descriptors.image());
            }
        });
    }

    @Test
    void theGatewayDrainsWithinTheStopGracePeriodAndReadsEveryOtherServicesMetrics() {
        JsonNode gateway = descriptors.composeService("gateway");
        assertThat(gateway.path("stop_grace_period").asText()).isEqualTo("30s");
        List<com.menuca.promo.gateway.ops.MetricsTarget> targets = com.menuca.promo.gateway.ops.MetricsTarget.parseList(
                gateway.path("environment").path("PROMO_GATEWAY_OPS_METRICS_TARGETS").asText());
        assertThat(targets).extracting(t -> t.url().toString()).containsExactlyInAnyOrder(
                "http://capture:" + descriptors.composeService("capture").path("environment").path("PROMO_CAPTURE_HTTP_PORT").asText() + "/metrics",
                "http://processor:" + descriptors.composeService("processor").path("environment").path("PROMO_PROCESSOR_HTTP_PORT").asText() + "/metrics");
    }

    private Map<String, String> dependencies(String service) {
        Map<String, String> conditions = new java.util.HashMap<>();
        descriptors.composeService(service).path("depends_on").fields()
                .forEachRemaining(e -> conditions.put(e.getKey(), e.getValue().path("condition").asText()));
        return conditions;
    }
}
