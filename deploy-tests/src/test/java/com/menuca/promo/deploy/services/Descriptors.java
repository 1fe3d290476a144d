package com.menuca.promo.deploy.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.menuca.promo.deploy.DeployDescriptors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The shipped compose file, Kubernetes manifests and Dockerfile, parsed once for the deploy tests. */
final class Descriptors {
    static final YAMLMapper YAML = new YAMLMapper();
    static final String REPOSITORY = "menuca/promo-realtime";
    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "Job");

    final Path root;
    final JsonNode compose;
    final List<JsonNode> manifests = new ArrayList<>();
    final Map<JsonNode, Path> manifestFiles = new HashMap<>();
    final JsonNode kustomization;
    final String dockerfile;

    private Descriptors() throws IOException {
        root = DeployDescriptors.root();
        compose = YAML.readTree(root.resolve("compose/docker-compose.yml").toFile());
        try (Stream<Path> files = Files.walk(root.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    for (JsonNode doc : docs.readAll()) {
                        if (doc.has("kind") && !doc.path("kind").asText().equals("Kustomization")) {
                            manifests.add(doc);
                            manifestFiles.put(doc, file);
                        }
                    }
                }
            }
        }
        kustomization = YAML.readTree(root.resolve("k8s/kustomization.yaml").toFile());
        dockerfile = Files.readString(root.resolve("docker/Dockerfile"));
    }

    static Descriptors load() {
        try {
            return new Descriptors();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image every service runs: the repository at this build's version. */
    static String image() {
        return REPOSITORY + ":" + System.getProperty("promo.version", "0.1.0-SNAPSHOT");
    }

    JsonNode composeService(String name) {
        JsonNode spec = compose.path("services").path(name);
        if (spec.isMissingNode()) {
            throw new AssertionError("no compose service " + name);
        }
        return spec;
    }

    /** Manifests of one kind, applied by the base kustomization (not the optional monitoring/ ones). */
    List<JsonNode> kind(String kind) {
        return manifests.stream().filter(m -> m.path("kind").asText().equals(kind))
                .filter(m -> !manifestFiles.get(m).getParent().getFileName().toString().equals("monitoring")).toList();
    }

    JsonNode workload(String name) {
        return manifests.stream().filter(m -> WORKLOAD_KINDS.contains(m.path("kind").asText()))
                .filter(m -> m.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + name));
    }

    Optional<JsonNode> named(String kind, String name) {
        return kind(kind).stream().filter(m -> m.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    /**
     * A container's environment as Kubernetes builds it: the entries of its ConfigMaps ({@code envFrom}, later
     * ones winning), then its {@code env} entries, which win over them. An entry from a ConfigMap appears as
     * {@code {value: ...}}, like a literal {@code env} entry.
     */
    Map<String, JsonNode> environment(JsonNode container) {
        Map<String, JsonNode> env = new java.util.LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String name = source.path("configMapRef").path("name").asText();
            JsonNode map = named("ConfigMap", name).orElseThrow(() -> new AssertionError("no ConfigMap " + name));
            map.path("data").fields().forEachRemaining(e -> env.put(e.getKey(),
                    YAML.createObjectNode().put("value", e.getValue().asText())));
        }
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static JsonNode container(JsonNode workload) {
        return podSpec(workload).path("containers").path(0);
    }

    /** Whether a label selector (matchLabels) selects the pods of a workload. */
    static boolean selects(JsonNode matchLabels, JsonNode workload) {
        JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
        boolean[] all = {matchLabels.size() > 0};
        matchLabels.fields().forEachRemaining(e -> all[0] &= labels.path(e.getKey()).asText().equals(e.getValue().asText()));
        return all[0];
    }

    static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        node.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
