package com.menuca.promo.gateway.ops;

import com.menuca.promo.common.concurrent.DaemonThreads;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Gathers the metrics the operator view shows: the gateway's own registry and each configured
 * target's {@code /metrics}, fetched without blocking (each within a timeout, each body bounded).
 * However many operators watch, the targets are asked at most once a second: callers within a second
 * of the last gathering get its result, callers during one share it.
 */
public final class MetricsCollector implements AutoCloseable {
    /** A second: the view refreshes every two, Prometheus scrapes every fifteen. */
    static final Duration REUSE = Duration.ofSeconds(1);

    /** What one target answered. */
    public record TargetMetrics(String name, boolean up, String metrics, String error) {
    }

    /** Every target's answer, gathered at one time. */
    public record Snapshot(Instant at, List<TargetMetrics> targets) {
    }

    private final Supplier<String> self;
    private final List<MetricsTarget> targets;
    private final String bearer;
    private final Duration timeout;
    private final int maxBytes;
    private final Clock clock;
    private final ExecutorService executor;
    private final HttpClient http;
    private CompletableFuture<Snapshot> last;
    private Instant lastAt = Instant.MIN;

    /**
     * @param self     the gateway's own metrics in Prometheus' text format
     * @param bearer   credential sent to the targets as {@code Authorization: Bearer}, or null
     * @param timeout  how long one target may take, connecting included
     * @param maxBytes the most one target's metrics may weigh
     */
    public MetricsCollector(Supplier<String> self, List<MetricsTarget> targets, String bearer, Duration timeout,
                            int maxBytes, Clock clock) {
        this.self = self;
        this.targets = List.copyOf(targets);
        this.bearer = bearer;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(2, DaemonThreads.named("gateway-ops-metrics"));
        // HTTP/1.1 as Prometheus scrapes: no h2c upgrade attempt on every request
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public List<MetricsTarget> targets() {
        return targets;
    }

    /** The metrics of the gateway and every target; never fails (a target that does not answer is down, with why). */
    public synchronized CompletableFuture<Snapshot> collect() {
        Instant now = clock.instant();
        if (last != null && (!last.isDone() || now.isBefore(lastAt.plus(REUSE)))) {
            return last;
        }
        lastAt = now;
        List<CompletableFuture<TargetMetrics>> answers = new ArrayList<>();
        answers.add(CompletableFuture.completedFuture(ownMetrics()));
        for (MetricsTarget target : targets) {
            answers.add(fetch(target));
        }
        last = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenApply(done -> new Snapshot(now, answers.stream().map(CompletableFuture::join).toList()));
        return last;
    }

    private TargetMetrics ownMetrics() {
        try {
            return new TargetMetrics(MetricsTarget.SELF, true, self.get(), null);
        } catch (RuntimeException e) {
            return new TargetMetrics(MetricsTarget.SELF, false, null, e.toString());
        }
    }

    private CompletableFuture<TargetMetrics> fetch(MetricsTarget target) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url()).timeout(timeout).GET()
                .header("Accept", "text/plain; version=0.0.4");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.sendAsync(request.build(), info -> new BoundedBody(maxBytes))
                    .handle((response, error) -> {
                        if (error != null) {
                            return new TargetMetrics(target.name(), false, null, describe(error));
                        }
                        if (response.statusCode() != 200) {
                            return new TargetMetrics(target.name(), false, null, "HTTP " + response.statusCode());
                        }
                        return new TargetMetrics(target.name(), true, new String(response.body(), StandardCharsets.UTF_8), null);
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new TargetMetrics(target.name(), false, null, describe(e)));
        }
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof IOException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
