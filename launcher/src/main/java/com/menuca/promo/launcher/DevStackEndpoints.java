package com.menuca.promo.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.postgres.PostgresConnection;
import com.menuca.promo.common.postgres.PostgresSettings;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A running {@code promo dev} stack as the tools find it: its {@code endpoints.json} in the home
 * directory ({@code --home}, else {@code PROMO_HOME}, else {@code .promo}), written by the stack once
 * it is up and removed when it stops. A file left by a stack that crashed (its pid is gone) is ignored.
 *
 * @param home where the stack keeps its data
 */
record DevStackEndpoints(Path home, KafkaConnection kafka, PostgresConnection postgres) {

    /**
     * The stack of {@code explicitHome} (which must be running), or else of {@code PROMO_HOME} or
     * {@code .promo} when one runs there.
     *
     * @throws IllegalArgumentException when {@code explicitHome} is given and no stack runs there
     */
    static Optional<DevStackEndpoints> find(Path explicitHome, ConfigSource source) {
        if (explicitHome != null) {
            return Optional.of(read(explicitHome).orElseThrow(() -> new IllegalArgumentException("no running promo dev in "
                    + explicitHome + " (no current " + DevStackLocation.ENDPOINTS_FILE + "): start `promo dev --home " + explicitHome
                    + "`, or leave out --home to use the configured endpoints")));
        }
        Path home = Path.of(source.raw(DevStackLocation.HOME).filter(h -> !h.isEmpty())
                .orElse(DevStackLocation.HOME.defaultValue().orElseThrow()));
        return read(home);
    }

    private static Optional<DevStackEndpoints> read(Path home) {
        Path file = home.resolve(DevStackLocation.ENDPOINTS_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode endpoints;
        try {
            endpoints = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid = endpoints.path("pid").asLong(-1);
        if (pid > 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return Optional.empty();
        }
        String bootstrap = endpoints.path("kafka_bootstrap").asText("");
        if (bootstrap.isEmpty()) {
            return Optional.empty();
        }
        // The embedded PostgreSQL and Kafka listen on loopback without TLS.
        PostgresConnection postgres = new PostgresConnection(endpoints.path("postgres_host").asText("127.0.0.1"),
                endpoints.path("postgres_port").asInt(), endpoints.path("postgres_database").asText("menuca"),
                endpoints.path("postgres_user").asText(), endpoints.path("postgres_password").asText(),
                PostgresSettings.SslMode.DISABLE, null);
        return Optional.of(new DevStackEndpoints(home, KafkaConnection.plain(bootstrap), postgres));
    }
}
