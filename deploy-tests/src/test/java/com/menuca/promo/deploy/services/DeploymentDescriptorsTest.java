package com.menuca.promo.deploy.services;

import static com.menuca.promo.deploy.services.Descriptors.container;
import static com.menuca.promo.deploy.services.Descriptors.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.GatewayConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped compose file, Kubernetes manifests and Dockerfile, parsed and checked against the code:
 * each service runs the one image with its own {@code promo} command, sets only environment variables
 * its config table declares (a typo would be silently ignored in production), listens on all
 * interfaces on the port its probes, health checks and Service use, and takes secrets from a secret
 * store rather than the file. Nothing is built or run: there is no Docker here.
 */
class DeploymentDescriptorsTest {
    /** Helper variables of the manifests themselves (downward API), read by no service. */
    private static final Set<String> MANIFEST_VARIABLES = Set.of("POD_NAME");
    /** Read by the JVM itself or by the launcher for every command, not by one service's configuration. */
    private static final Set<String> PROCESS_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "PROMO_LOG_FORMAT", "PROMO_LOG_LEVEL");

    private final Descriptors descriptors = Descriptors.load();

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void composeRunsTheServiceFromTheImageOnItsPortWithOnlyItsSettings(DeployedService service) {
        JsonNode spec = descriptors.composeService(service.serviceName());
        assertThat(spec.path("image").asText()).isEqualTo(Descriptors.image());
        assertThat(texts(spec.path("command"))).containsExactly(service.command());

        Map<String, String> env = new HashMap<>();
        spec.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        Set<String> settings = new HashSet<>(env.keySet());
        settings.removeAll(PROCESS_VARIABLES);
        assertThat(settings).as("variables %s does not read", service.serviceName()).filteredOn(v -> !service.reads(v)).isEmpty();
        assertThat(env).containsEntry(service.opsHost().envVar(), "0.0.0.0");
        int opsPort = port(service, service.opsPort(), env.get(service.opsPort().envVar()));
        assertThat(String.join(" ", texts(spec.path("healthcheck").path("test"))))
                .contains("http://localhost:" + opsPort + "/ready");
        service.clientPort().ifPresent(client -> {
            int port = port(service, client, env.get(client.envVar()));
            assertThat(texts(spec.path("ports"))).as("clients reach %s", service.serviceName()).contains(port + ":" + port);
        });
        for (String variable : env.keySet()) {
            if (service.holdsSecret(variable)) {
                assertThat(env.get(variable)).as("%s comes from the environment, not the file", variable).startsWith("${");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void kubernetesRunsTheServiceFromTheImageWithProbesOnItsOpsPortAndOnlyItsSettings(DeployedService service) {
        JsonNode workload = descriptors.workload(service.serviceName());
        JsonNode container = container(workload);
        assertThat(container.path("image").asText()).isEqualTo(Descriptors.image());
        assertThat(texts(container.path("args"))).containsExactly(service.command());

        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        Set<String> all = new HashSet<>(env.keySet());
        container.path("envFrom").forEach(source -> all.addAll(configMapKeys(source.path("configMapRef").path("name").asText())));
        all.removeAll(MANIFEST_VARIABLES);
        all.removeAll(PROCESS_VARIABLES);
        assertThat(all).as("variables %s does not read", service.serviceName()).filteredOn(v -> !service.reads(v)).isEmpty();
        assertThat(env.get(service.opsHost().envVar()).path("value").asText()).isEqualTo("0.0.0.0");
        for (String secret : all) {
            if (service.holdsSecret(secret)) {
                assertThat(env.get(secret)).as("%s is set from a Secret, not a ConfigMap", secret).isNotNull();
                assertThat(env.get(secret).path("valueFrom").has("secretKeyRef")).as("%s from a Secret", secret).isTrue();
            }
        }

        int opsPort = port(service, service.opsPort(), value(env, service.opsPort().envVar()));
        assertThat(containerPort(container, service.opsPortName())).isEqualTo(opsPort);
        for (String probe : Set.of("livenessProbe", "readinessProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo(service.opsPortName());
        }
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");

        JsonNode serviceManifest = descriptors.named("Service", service.serviceName())
                .orElseThrow(() -> new AssertionError("no Service for " + service.serviceName()));
        assertThat(Descriptors.selects(serviceManifest.path("spec").path("selector"), workload)).as("Service selects the pods").isTrue();
        for (JsonNode port : serviceManifest.path("spec").path("ports")) {
            assertThat(containerPort(container, port.path("targetPort").asText())).as("Service port %s targets a container port", port)
                    .isEqualTo(port.path("port").asInt());
        }
        service.clientPort().ifPresent(client -> assertThat(containerPort(container, "http"))
                .isEqualTo(port(service, client, value(env, client.envVar()))));
    }

    @Test
    void shouldGiveTheProcessorsQueryApiAndTheGatewayTheSameTokenFromTheSecretStore() {
        String token = com.menuca.promo.processor.ProcessorConfig.QUERY_TOKEN.envVar();
        JsonNode processor = container(descriptors.workload("processor"));
        JsonNode gateway = container(descriptors.workload("gateway"));
        JsonNode fromProcessor = envEntry(processor, token);
        JsonNode fromGateway = envEntry(gateway, GatewayConfig.PROCESSOR_TOKEN.envVar());
        assertThat(fromProcessor.path("valueFrom").path("secretKeyRef").path("key").asText()).isNotEmpty()
                .isEqualTo(fromGateway.path("valueFrom").path("secretKeyRef").path("key").asText());
        assertThat(descriptors.composeService("processor").path("environment").path(token).asText()).startsWith("${");
        assertThat(descriptors.composeService("processor").has("ports")).as("no processor port on the host").isFalse();
        assertThat(envEntry(gateway, GatewayConfig.RESUME_KEY.envVar()).path("valueFrom").has("secretKeyRef")).isTrue();
    }

    private static JsonNode envEntry(JsonNode container, String name) {
        for (JsonNode entry : container.path("env")) {
            if (entry.path("name").asText().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError("no " + name + " in " + container.path("name").asText());
    }

    @Test
    void shouldRunOneCaptureAndScaleTheOthers() {
        assertThat(descriptors.workload("capture").path("spec").path("replicas").asInt()).as("one capture per slot").isEqualTo(1);
        assertThat(descriptors.workload("capture").path("spec").path("strategy").path("type").asText())
                .as("never two captures at once, not even during a rollout").isEqualTo("Recreate");
        assertThat(descriptors.workload("processor").path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(descriptors.workload("gateway").path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void dockerfileBuildsTheImageTheDescriptorsRunFromTheProductDistributionWithEveryServicePort() {
        // the product distribution (launcher's tar.gz, checked by ProductDistributionIT), unpacked and run by its
        // own bin/promo; never the build's target/lib, which the image would take with whatever else is there
        assertThat(descriptors.dockerfile).contains("org.opencontainers.image.ref.name=\"" + Descriptors.REPOSITORY + "\"")
                .contains("ADD launcher/target/promo-realtime-${VERSION}.tar.gz")
                .contains("ARG VERSION=" + System.getProperty("promo.version"))
                .contains("ENTRYPOINT [\"/opt/promo/bin/promo\"]")
                .doesNotContain("target/lib").doesNotContain("promo.jar");
        String expose = descriptors.dockerfile.lines().filter(l -> l.startsWith("EXPOSE")).findFirst().orElseThrow();
        for (DeployedService service : DeployedService.values()) {
            assertThat(expose.split("\\s+")).contains(String.valueOf(service.opsPort().defaultValue().orElseThrow()));
            service.clientPort().ifPresent(client ->
                    assertThat(expose.split("\\s+")).contains(String.valueOf(client.defaultValue().orElseThrow())));
        }
    }

    private Set<String> configMapKeys(String name) {
        JsonNode map = descriptors.named("ConfigMap", name).orElseThrow(() -> new AssertionError("no ConfigMap " + name));
        Set<String> keys = new HashSet<>();
        map.path("data").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String value(Map<String, JsonNode> env, String variable) {
        return env.containsKey(variable) ? env.get(variable).path("value").asText() : null;
    }

    static int containerPort(JsonNode container, String name) {
        return StreamSupport.stream(container.path("ports").spliterator(), false)
                .filter(p -> p.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name + " in " + container.path("name")))
                .path("containerPort").asInt();
    }

    /** The port a service listens on: the value set, else its setting's default. */
    private static int port(DeployedService service, com.menuca.promo.common.config.Setting<Integer> setting, String value) {
        return value != null ? Integer.parseInt(value) : setting.defaultValue().orElseThrow(
                () -> new AssertionError(service.serviceName() + " has no " + setting.key()));
    }
}
