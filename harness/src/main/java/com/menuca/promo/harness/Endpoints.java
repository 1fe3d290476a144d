package com.menuca.promo.harness;

import com.menuca.promo.launcher.DevStackLocation;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code endpoints.json}: where a running dev stack can be reached, written once everything is ready
 * (atomically, so a reader never sees half a file) and removed when the stack stops.
 */
final class Endpoints {
    static final String FILE_NAME = DevStackLocation.ENDPOINTS_FILE;

    private Endpoints() {
    }

    static Map<String, Object> describe(DevStack stack) {
        var postgres = stack.runtime().postgres();
        Map<String, Object> endpoints = new LinkedHashMap<>();
        // Tools look for this file to find the stack; the pid tells a running stack from one that crashed.
        endpoints.put("pid", ProcessHandle.current().pid());
        endpoints.put("postgres_jdbc_url", postgres.jdbcUrl());
        endpoints.put("postgres_host", postgres.host());
        endpoints.put("postgres_port", postgres.port());
        endpoints.put("postgres_database", com.menuca.promo.infra.postgres.EmbeddedPostgresServer.DATABASE);
        endpoints.put("postgres_user", com.menuca.promo.infra.postgres.EmbeddedPostgresServer.USER);
        endpoints.put("postgres_password", com.menuca.promo.infra.postgres.EmbeddedPostgresServer.PASSWORD);
        endpoints.put("kafka_bootstrap", stack.runtime().bootstrapServers());
        endpoints.put("http_url", "http://127.0.0.1:" + stack.httpPort());
        endpoints.put("gateway_url", "ws://127.0.0.1:" + stack.httpPort() + "/realtime/v1");
        endpoints.put("ops_url", "http://127.0.0.1:" + stack.opsPort());
        if (stack.processorPort() > 0) {
            endpoints.put("processor_url", "http://127.0.0.1:" + stack.processorPort());
            endpoints.put("processor_token", stack.processorToken());
        }
        return endpoints;
    }

    static Path write(Path home, Map<String, Object> endpoints) throws IOException {
        Path target = home.resolve(FILE_NAME);
        Path temp = home.resolve(FILE_NAME + ".tmp");
        Files.write(temp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(endpoints));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
