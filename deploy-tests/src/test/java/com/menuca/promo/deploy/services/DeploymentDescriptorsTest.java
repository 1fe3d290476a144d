package com.menuca.promo.deploy.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.deploy.DeployDescriptors;
import com.menuca.promo.infra.process.JavaCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The shipped compose file, Kubernetes manifests and Dockerfile, parsed and checked against the code:
 * each service runs the one image with its own {@code promo} command, sets only environment variables
 * its config table declares (a typo would be silently ignored in production), listens on all
 * interfaces on the port its probes, health checks and Service use, and takes secrets from a secret
 * store rather than the file. Nothing is built or run: there is no Docker here.
 */
class DeploymentDescriptorsTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String REPOSITORY = "menuca/promo-realtime";
    /** Helper variables of the manifests themselves (downward API), read by no service. */
    private static final Set<String> MANIFEST_VARIABLES = Set.of("POD_NAME");
    /** Read by the JVM itself, not by the service's configuration. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    private static String image;
    private static JsonNode compose;
    private static List<JsonNode> manifests;
    private static String dockerfile;

    @BeforeAll
    static void load() throws IOException {
        image = REPOSITORY + ":" + System.getProperty("promo.version", "0.1.0-SNAPSHOT");
        Path root = DeployDescriptors.root();
        compose = YAML.readTree(root.resolve("compose/docker-compose.yml").toFile());
        manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    docs.readAll().stream().filter(d -> d.has("kind")).forEach(manifests::add);
                }
            }
        }
        dockerfile = Files.readString(root.resolve("docker/Dockerfile"));
    }

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void composeRunsTheServiceFromTheImageOnItsPortWithOnlyItsSettings(DeployedService service) {
        JsonNode spec = compose.path("services").path(service.serviceName());
        assertThat(spec.isMissingNode()).as("compose service %s", service.serviceName()).isFalse();
        assertThat(spec.path("image").asText()).isEqualTo(image);
        assertThat(texts(spec.path("command"))).containsExactly(service.command());

        Map<String, String> env = new HashMap<>();
        spec.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        Set<String> settings = new java.util.HashSet<>(env.keySet());
        settings.removeAll(JVM_VARIABLES);
        assertThat(service.environmentVariables()).as("variables %s reads", service.serviceName())
                .containsAll(settings);
        assertThat(env).containsEntry(service.httpHost().envVar(), "0.0.0.0");
        int port = port(service, env.get(service.httpPort().envVar()));
        assertThat(texts(spec.path("ports"))).contains(port + ":" + port);
        assertThat(String.join(" ", texts(spec.path("healthcheck").path("test"))))
                .contains("http://localhost:" + port + "/ready");
        for (String secret : service.secretVariables()) {
            if (env.containsKey(secret)) {
                assertThat(env.get(secret)).as("%s comes from the environment, not the file", secret).startsWith("${");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DeployedService.class)
    void kubernetesRunsTheServiceFromTheImageWithProbesOnItsPortAndOnlyItsSettings(DeployedService service) {
        JsonNode workload = manifests.stream()
                .filter(m -> Set.of("Deployment", "StatefulSet").contains(m.path("kind").asText()))
                .filter(m -> m.path("metadata").path("name").asText().equals(service.serviceName()))
                .findFirst().orElseThrow(() -> new AssertionError("no workload for " + service.serviceName()));
        JsonNode container = workload.path("spec").path("template").path("spec").path("containers").path(0);
        assertThat(container.path("image").asText()).isEqualTo(image);
        assertThat(texts(container.path("args"))).containsExactly(service.command());

        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        Set<String> fromConfigMaps = new java.util.HashSet<>();
        container.path("envFrom").forEach(source -> fromConfigMaps.addAll(configMapKeys(source.path("configMapRef").path("name").asText())));
        Set<String> all = new java.util.HashSet<>(env.keySet());
        all.addAll(fromConfigMaps);
        all.removeAll(MANIFEST_VARIABLES);
        all.removeAll(JVM_VARIABLES);
        assertThat(service.environmentVariables()).as("variables %s reads", service.serviceName()).containsAll(all);
        assertThat(env.get(service.httpHost().envVar()).path("value").asText()).isEqualTo("0.0.0.0");
        int port = port(service, env.containsKey(service.httpPort().envVar())
                ? env.get(service.httpPort().envVar()).path("value").asText() : null);
        for (String secret : service.secretVariables()) {
            if (all.contains(secret)) {
                assertThat(env.get(secret)).as("%s is set from a Secret", secret).isNotNull();
                assertThat(env.get(secret).path("valueFrom").has("secretKeyRef")).as("%s from a Secret", secret).isTrue();
            }
        }

        JsonNode http = StreamSupport.stream(container.path("ports").spliterator(), false)
                .filter(p -> p.path("name").asText().equals("http")).findFirst().orElseThrow();
        assertThat(http.path("containerPort").asInt()).isEqualTo(port);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("http");

        JsonNode serviceManifest = manifests.stream().filter(m -> m.path("kind").asText().equals("Service"))
                .filter(m -> m.path("metadata").path("name").asText().equals(service.serviceName()))
                .findFirst().orElseThrow(() -> new AssertionError("no Service for " + service.serviceName()));
        assertThat(serviceManifest.path("spec").path("ports").path(0).path("port").asInt()).isEqualTo(port);
        assertThat(serviceManifest.path("spec").path("ports").path(0).path("targetPort").asText()).isEqualTo("http");
        JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
        serviceManifest.path("spec").path("selector").fields().forEachRemaining(selector ->
                assertThat(labels.path(selector.getKey()).asText()).as("Service selects the pods").isEqualTo(selector.getValue().asText()));
    }

    @Test
    void shouldRunOneCaptureAndScaleTheOthers() {
        assertThat(workload("capture").path("spec").path("replicas").asInt()).as("one capture per slot").isEqualTo(1);
        assertThat(workload("capture").path("spec").path("strategy").path("type").asText())
                .as("never two captures at once, not even during a rollout").isEqualTo("Recreate");
        assertThat(workload("processor").path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(workload("gateway").path("spec").path("replicas").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void dockerfileBuildsTheImageTheDescriptorsRunWithTheLauncherAndEveryServicePort() {
        assertThat(dockerfile).contains("org.opencontainers.image.ref.name=\"" + REPOSITORY + "\"")
                .contains("COPY launcher/target/promo.jar").contains("COPY launcher/target/lib/")
                .contains("\"" + JavaCommand.PROMO_MAIN + "\"");
        String expose = dockerfile.lines().filter(l -> l.startsWith("EXPOSE")).findFirst().orElseThrow();
        for (DeployedService service : DeployedService.values()) {
            assertThat(expose.split("\\s+")).contains(String.valueOf(service.httpPort().defaultValue().orElseThrow()));
        }
    }

    private static JsonNode workload(String name) {
        return manifests.stream().filter(m -> Set.of("Deployment", "StatefulSet").contains(m.path("kind").asText()))
                .filter(m -> m.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static Set<String> configMapKeys(String name) {
        JsonNode map = manifests.stream().filter(m -> m.path("kind").asText().equals("ConfigMap"))
                .filter(m -> m.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + name));
        Set<String> keys = new java.util.HashSet<>();
        map.path("data").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The port a service listens on: the value set, else its setting's default. */
    private static int port(DeployedService service, String value) {
        return value != null ? Integer.parseInt(value) : service.httpPort().defaultValue().orElseThrow();
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        node.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
