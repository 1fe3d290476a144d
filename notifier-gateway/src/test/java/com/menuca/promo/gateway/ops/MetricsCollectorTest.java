package com.menuca.promo.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.ops.MetricsCollector.Snapshot;
import com.menuca.promo.gateway.ops.MetricsCollector.TargetMetrics;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP targets on loopback: answering, refusing, too slow, too big, asking for a credential. */
class MetricsCollectorTest {
    private HttpServer server;
    private final AtomicInteger captureRequests = new AtomicInteger();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final Map<String, Instant> now = new ConcurrentHashMap<>(Map.of("t", Instant.parse("2026-12-06T10:00:00Z")));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get("t");
        }
    };

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/capture", exchange -> {
            captureRequests.incrementAndGet();
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            reply(exchange, 200, "promo_capture_streaming 1.0\n");
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 200, "late 1\n");
        });
        server.createContext("/big", exchange -> reply(exchange, 200, "x".repeat(100_000)));
        server.createContext("/locked", exchange -> reply(exchange, 401, "no"));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldGatherTheGatewaysOwnMetricsAndEachTargetsSayingWhyOneIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (MetricsCollector collector = collector(List.of(target("capture", "/capture"), target("slow", "/slow"),
                target("big", "/big"), target("locked", "/locked"),
                new MetricsTarget("gone", URI.create("http://127.0.0.1:" + closedPort + "/metrics"))), "s3cret")) {
            long started = System.nanoTime();
            Snapshot snapshot = collector.collect().get(10, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a slow target costs its timeout, not more")
                    .isLessThan(Duration.ofSeconds(8));

            Map<String, TargetMetrics> byName = snapshot.targets().stream()
                    .collect(Collectors.toMap(TargetMetrics::name, Function.identity()));
            assertThat(snapshot.targets()).extracting(TargetMetrics::name)
                    .containsExactly("gateway", "capture", "slow", "big", "locked", "gone");
            assertThat(byName.get("gateway")).isEqualTo(new TargetMetrics("gateway", true, "promo_gateway_connections 3.0\n", null));
            assertThat(byName.get("capture")).isEqualTo(new TargetMetrics("capture", true, "promo_capture_streaming 1.0\n", null));
            assertThat(authorization.get()).isEqualTo("Bearer s3cret");
            assertThat(byName.get("slow")).isEqualTo(new TargetMetrics("slow", false, null, "no answer within 1000 ms"));
            assertThat(byName.get("big")).isEqualTo(new TargetMetrics("big", false, null, "metrics larger than 65536 bytes"));
            assertThat(byName.get("locked")).isEqualTo(new TargetMetrics("locked", false, null, "HTTP 401"));
            assertThat(byName.get("gone")).isEqualTo(new TargetMetrics("gone", false, null, "connection refused"));
        }
    }

    @Test
    void shouldAskTheTargetsAtMostOnceASecondHoweverManyCallersThereAre() throws Exception {
        try (MetricsCollector collector = collector(List.of(target("capture", "/capture")), null)) {
            Snapshot first = collector.collect().get(5, TimeUnit.SECONDS);
            Snapshot again = collector.collect().get(5, TimeUnit.SECONDS);
            assertThat(again).isSameAs(first);
            assertThat(captureRequests.get()).isEqualTo(1);
            assertThat(authorization.get()).as("no credential configured, none sent").isNull();

            now.put("t", now.get("t").plus(MetricsCollector.REUSE));
            Snapshot later = collector.collect().get(5, TimeUnit.SECONDS);
            assertThat(later.at()).isAfter(first.at());
            assertThat(captureRequests.get()).isEqualTo(2);
        }
    }

    private MetricsCollector collector(List<MetricsTarget> targets, String bearer) {
        return new MetricsCollector(() -> "promo_gateway_connections 3.0\n", targets, bearer, Duration.ofSeconds(1),
                64 * 1024, clock);
    }

    private MetricsTarget target(String name, String path) {
        return new MetricsTarget(name, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the collector gave up on this one
        }
    }
}
