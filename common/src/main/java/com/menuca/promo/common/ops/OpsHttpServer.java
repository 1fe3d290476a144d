package com.menuca.promo.common.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.menuca.promo.common.concurrent.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operational endpoints of a service that has no HTTP server of its own: {@code /health}
 * (the process is up), {@code /ready} (every readiness check passes, 503 otherwise, with each
 * check's state) and {@code /metrics} (Prometheus text format).
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(OpsHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private OpsHttpServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code host:port} (0 = any free port).
     *
     * @throws IOException when the port cannot be bound
     */
    public static OpsHttpServer start(String host, int port, Readiness readiness, PrometheusMeterRegistry registry)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/health", exchange -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/ready", exchange -> {
            Map<String, Boolean> checks = readiness.snapshot();
            boolean ready = readiness.isReady();
            String body = JSON.writeValueAsString(Map.of("status", ready ? "READY" : "NOT_READY", "checks", checks));
            send(exchange, ready ? 200 : 503, "application/json", body);
        });
        server.createContext("/metrics", exchange ->
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        // a few threads: a service's own routes (e.g. queries forwarded between instances) must not hold up /ready
        server.setExecutor(Executors.newFixedThreadPool(4, DaemonThreads.named("ops-http")));
        server.start();
        LOGGER.info("Ops endpoints on http://{}:{}/ (health, ready, metrics)", host, server.getAddress().getPort());
        return new OpsHttpServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Also serves {@code handler} under {@code path}: a service's own endpoints beside health, ready and metrics. */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
