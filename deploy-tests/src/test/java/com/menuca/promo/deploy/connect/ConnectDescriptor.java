package com.menuca.promo.deploy.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.deploy.DeployDescriptors;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped Kafka Connect descriptors: the connector's REST body and the worker's properties. */
record ConnectDescriptor(Path connectorFile, String connectorName, Map<String, String> connectorConfig,
                         Map<String, String> workerConfig) {
    static final String CONNECTOR_FILE = "promo-capture-connector.json";
    static final String WORKER_FILE = "connect-distributed.properties";
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)}");

    static ConnectDescriptor load() throws IOException {
        Path dir = DeployDescriptors.root().resolve("connect");
        Path connectorFile = dir.resolve(CONNECTOR_FILE);
        JsonNode body = Json.mapper().readTree(connectorFile.toFile());
        Map<String, String> connector = new LinkedHashMap<>();
        body.path("config").fields().forEachRemaining(e -> connector.put(e.getKey(), e.getValue().asText()));
        Properties worker = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve(WORKER_FILE))) {
            worker.load(reader);
        }
        Map<String, String> workerConfig = new LinkedHashMap<>();
        worker.stringPropertyNames().forEach(key -> workerConfig.put(key, worker.getProperty(key)));
        return new ConnectDescriptor(connectorFile, body.path("name").asText(), connector, workerConfig);
    }

    /** The environment variables that {@code ${env:NAME}} references in either file read. */
    Set<String> environmentReferences() {
        Set<String> names = new TreeSet<>();
        for (Map<String, String> config : java.util.List.of(connectorConfig, workerConfig)) {
            for (String value : config.values()) {
                Matcher m = ENV_REFERENCE.matcher(value);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    static String envReference(String variable) {
        return "${env:" + variable + "}";
    }
}
