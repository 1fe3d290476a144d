package com.menuca.promo.infra.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code promo dev} in its own OS process, once it is up: started with a home of its own, and known
 * by the {@code endpoints.json} it writes there when everything runs (where PostgreSQL, Kafka, the
 * gateway and the ops endpoints are). Benchmarks and whole-stack tests start the stack this way.
 */
public final class DevStackProcess implements AutoCloseable {
    private final PromoProcess process;
    private final JsonNode endpoints;

    private DevStackProcess(PromoProcess process, JsonNode endpoints) {
        this.process = process;
        this.endpoints = endpoints;
    }

    /**
     * Runs {@code promo dev --home HOME ARGUMENTS} (its log in {@code HOME/dev.log}) and waits until it
     * has written its endpoints.
     *
     * @param environment settings of the stack ({@code PROMO_...} variables) added to this process's environment
     * @throws IllegalStateException when the stack exits or is not up within {@code timeout}, with the end of its log
     */
    public static DevStackProcess start(JavaCommand java, Path home, List<String> arguments, Map<String, String> environment,
                                        Duration timeout) throws Exception {
        List<String> command = new ArrayList<>(List.of("dev", "--home", home.toString()));
        command.addAll(arguments);
        PromoProcess process = PromoProcess.start("promo dev", java, command, environment, home.resolve("dev.log"));
        try {
            Path file = home.resolve("endpoints.json");
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.exists(file)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("promo dev did not come up; log:\n" + process.tail());
                }
                Thread.sleep(200);
            }
            return new DevStackProcess(process, Json.mapper().readTree(file.toFile()));
        } catch (Exception | Error e) {
            process.close();
            throw e;
        }
    }

    public PromoProcess process() {
        return process;
    }

    public String jdbcUrl() {
        return endpoints.path("postgres_jdbc_url").asText();
    }

    public String user() {
        return endpoints.path("postgres_user").asText();
    }

    public String password() {
        return endpoints.path("postgres_password").asText();
    }

    public String kafkaBootstrap() {
        return endpoints.path("kafka_bootstrap").asText();
    }

    /** {@code http://127.0.0.1:<port>}: the gateway's REST and static files. */
    public String httpUrl() {
        return endpoints.path("http_url").asText();
    }

    /** {@code http://127.0.0.1:<ops port>}: /health, /ready and /metrics of the stack. */
    public String opsUrl() {
        return endpoints.path("ops_url").asText();
    }

    /** {@code ws://127.0.0.1:<port>/realtime/v1/websocket}. */
    public String websocketUrl() {
        return endpoints.path("gateway_url").asText() + "/websocket";
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
