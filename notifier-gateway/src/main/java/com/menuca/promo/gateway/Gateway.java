package com.menuca.promo.gateway;

import com.menuca.promo.common.ops.OpsHttpServer;
import com.menuca.promo.common.ops.Readiness;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.auth.VerificationKeys;
import com.menuca.promo.gateway.cluster.ClusterBus;
import com.menuca.promo.gateway.cluster.ClusterMetrics;
import com.menuca.promo.gateway.feed.KafkaFeed;
import com.menuca.promo.gateway.feed.LatestValues;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.ratelimit.ConnectionLimiter;
import com.menuca.promo.gateway.ops.MetricsCollector;
import com.menuca.promo.gateway.rest.DevTokenEndpoint;
import com.menuca.promo.gateway.rest.OpsMetricsEndpoint;
import com.menuca.promo.gateway.rpc.ProcessorQueries;
import com.menuca.promo.gateway.rest.RestHandler;
import com.menuca.promo.gateway.rest.StaticFiles;
import com.menuca.promo.gateway.resume.PositionKey;
import com.menuca.promo.gateway.resume.Replayer;
import com.menuca.promo.gateway.server.GatewayContext;
import com.menuca.promo.gateway.server.GatewayServer;
import com.menuca.promo.gateway.server.OpenSockets;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier-gateway: wires the token verifier, the policy, the Kafka feed, replays, the link with
 * the other gateways (presence, client broadcasts) and the server, and registers the readiness check {@code gateway} (listening and caught up with the
 * latest-wins topics).
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Gateway.class);
    /** How long the operator view waits for one service's metrics. */
    private static final java.time.Duration OPS_METRICS_TIMEOUT = java.time.Duration.ofSeconds(2);
    /** The most one service's metrics may weigh (a processor with many partitions writes a few hundred KB). */
    private static final int OPS_METRICS_MAX_BYTES = 16 * 1024 * 1024;

    private final KafkaFeed feed;
    private final Replayer replayer;
    private final ClusterBus cluster;
    private final GatewayServer server;
    private final OpsHttpServer ops;
    private final Readiness readiness;
    private final GatewayMetrics metrics;
    private final java.time.Duration drainPeriod;

    private final MetricsCollector opsMetrics;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** The first of the feed's and the cluster link's failures. */
    private final java.util.concurrent.CompletableFuture<Void> failure = new java.util.concurrent.CompletableFuture<>();

    private Gateway(KafkaFeed feed, Replayer replayer, ClusterBus cluster, GatewayServer server, OpsHttpServer ops,
                    Readiness readiness,
                    GatewayMetrics metrics, java.time.Duration drainPeriod, MetricsCollector opsMetrics) {
        this.drainPeriod = drainPeriod;
        this.opsMetrics = opsMetrics;
        this.feed = feed;
        this.replayer = replayer;
        this.cluster = cluster;
        this.server = server;
        this.ops = ops;
        this.readiness = readiness;
        this.metrics = metrics;
        feed.failure().whenComplete((ok, e) -> failed(e));
        cluster.failure().whenComplete((ok, e) -> failed(e));
    }

    private void failed(Throwable e) {
        if (e != null) {
            failure.completeExceptionally(e);
        }
    }

    /**
     * Starts serving: clients on {@code gateway.port}, {@code /health}, {@code /ready} and
     * {@code /metrics} on {@code gateway.ops.port}. {@code readiness} and {@code registry} may be shared
     * with other services of the process (the ops port then serves their checks and metrics too).
     */
    public static Gateway start(GatewayConfig config, Readiness readiness, PrometheusMeterRegistry registry) {
        Policy policy = config.policyFile() == null ? Policy.defaults() : Policy.load(config.policyFile());
        TokenVerifier verifier = new TokenVerifier(config.keys());
        announceKeys(config);
        GatewayMetrics metrics = new GatewayMetrics(registry);
        LatestValues latest = new LatestValues();
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        PositionKey positions = new PositionKey(config.resumeKey());
        metrics.bindAllocator(alloc);
        KafkaFeed feed = new KafkaFeed(config.kafka(), latest, metrics, config.maxChangeBytes(),
                config.maxReplayRecords(), alloc, positions);
        Replayer replayer = new Replayer(config.kafka(), config.maxChangeBytes(), 2, config.replayQueue(),
                config.sendQueueFrames() / 2, alloc, positions, metrics);
        ClusterBus cluster = new ClusterBus(config.kafka(), config.clientLimits(),
                new ClusterMetrics(registry), alloc);
        GatewayContext context = new GatewayContext(config, verifier, policy, feed, replayer, metrics,
                new ConnectionLimiter(config.maxConnectionsPerIp(), config.maxConnectionsPerToken()),
                new OpenSockets(config.maxConnections()), positions, cluster);
        metrics.heldBytes(context.sockets()::heldBytes, context.sockets()::maxHeldBytes);
        DevTokenEndpoint devTokens = null;
        if (config.dev() && config.keys().hmacSecret() != null) {
            devTokens = new DevTokenEndpoint(config.keys().hmacSecret());
            LOGGER.warn("promo dev: demo tokens are served at /dev/token: anyone who reaches this gateway can act as any "
                    + "restaurant or customer");
        }
        // the operator view's metrics: this registry read in-process (never through the ops port) and the
        // configured targets, fetched by the gateway, so browsers never reach an ops port
        MetricsCollector opsMetrics = new MetricsCollector(registry::scrape, config.ops().metricsTargets(),
                config.ops().metricsToken(), OPS_METRICS_TIMEOUT, OPS_METRICS_MAX_BYTES, Clock.systemUTC());
        RestHandler rest = new RestHandler(verifier, policy, latest, new StaticFiles(config.staticDir()), devTokens,
                config.processorUrl() == null ? null : new ProcessorQueries(config.processorUrl(), config.processorToken()),
                new OpsMetricsEndpoint(verifier, config.ops().roles(), opsMetrics));
        feed.start();
        cluster.start();
        GatewayServer server;
        try {
            server = GatewayServer.start(context, rest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            feed.close();
            cluster.close();
            replayer.close();
            opsMetrics.close();
            metrics.close();
            throw new GatewayException("interrupted while binding " + config.host() + ":" + config.port(), e);
        } catch (RuntimeException e) {
            feed.close();
            cluster.close();
            replayer.close();
            opsMetrics.close();
            metrics.close();
            throw new GatewayException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        OpsHttpServer ops;
        try {
            ops = OpsHttpServer.start(config.ops().host(), config.ops().port(), readiness, registry);
        } catch (java.io.IOException | RuntimeException e) {
            server.close();
            feed.close();
            cluster.close();
            replayer.close();
            opsMetrics.close();
            metrics.close();
            throw new GatewayException("cannot serve the ops endpoints on " + config.ops().host() + ":" + config.ops().port()
                    + ": " + e.getMessage() + " (set " + GatewayConfig.OPS_PORT.envVar() + ")", e);
        }
        readiness.register("gateway", () -> feed.isCaughtUp() && cluster.isReady());
        readiness.register("gateway_feed", feed::isHealthy);
        LOGGER.info("Gateway policy: {}", policy.origin());
        return new Gateway(feed, replayer, cluster, server, ops, readiness, metrics, config.ops().drainPeriod(),
                opsMetrics);
    }

    /** Says which credentials are accepted, and loudly when it is the public dev secret. */
    private static void announceKeys(GatewayConfig config) {
        VerificationKeys keys = config.keys();
        if (DevTokens.DEV_SECRET.equals(keys.hmacSecret())) {
            LOGGER.warn("promo dev: client tokens are verified with the PUBLIC dev secret of `promo token` (anyone can mint "
                    + "any role, service_role included); `promo gateway` refuses it. Set PROMO_GATEWAY_JWT_SECRET or "
                    + "PROMO_GATEWAY_JWKS_URL for anything but development");
        }
        LOGGER.info("Gateway accepts {}{}{}{}{}", keys.hmacSecret() != null ? "HS256 tokens" : "no HS256 tokens",
                keys.jwksUrl() != null ? ", RS256/ES256/EdDSA tokens from " + keys.jwksUrl() : "",
                keys.issuer() != null ? ", issuer " + keys.issuer() : "",
                keys.audiences().isEmpty() ? "" : ", audience " + keys.audiences(),
                keys.publishableKeys().isEmpty() ? "" : ", " + keys.publishableKeys().size() + " publishable key(s) as anon");
    }

    public int port() {
        return server.port();
    }

    /** Port of /health, /ready and /metrics. */
    public int opsPort() {
        return ops.port();
    }

    /**
     * Completes exceptionally when the gateway can no longer serve and waiting will not help (Kafka refused
     * its credentials or ACLs); a person must fix the cause in the message.
     */
    public java.util.concurrent.CompletableFuture<Void> failure() {
        return failure;
    }

    /** True once the feed serves joins. */
    public boolean isReady() {
        return feed.isCaughtUp() && cluster.isReady();
    }

    /**
     * Stops: reports not ready, closes every socket with 1001 (going away) over
     * {@code gateway.drain.period} so its clients reconnect elsewhere and resume, then stops reading.
     */
    @Override
    public void close() {
        // once: `promo gateway` closes it on a Kafka refusal, and its shutdown hook again at exit
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        readiness.register("gateway", () -> false);
        server.drain(drainPeriod);
        // the probes saw "not ready" during the drain; now the ops port goes too
        ops.close();
        readiness.unregister("gateway");
        readiness.unregister("gateway_feed");
        server.close();
        // after the sockets: their presences are tombstoned as they close, then the gateway's heartbeat
        cluster.close();
        replayer.close();
        feed.close();
        opsMetrics.close();
        metrics.close();
        LOGGER.info("Gateway stopped");
    }
}
