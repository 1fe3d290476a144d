package com.menuca.promo.processor.service;

import com.menuca.promo.common.kafka.KafkaErrors;
import com.menuca.promo.catalog.admin.KafkaPreflight;
import com.menuca.promo.common.kafka.KafkaSetupException;
import com.menuca.promo.common.metrics.KafkaClientMeters;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.topology.DerivationMetrics;
import com.menuca.promo.processor.topology.ProcessingFailures;
import com.menuca.promo.processor.topology.PromoTopology;
import com.menuca.promo.processor.warmup.TopologyWarmUp;
import com.menuca.promo.processor.warmup.WarmUpReport;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.TopicGroup;
import com.menuca.promo.catalog.admin.TopicSpec;
import com.menuca.promo.schemas.cdc.CdcTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the processor: checks Kafka and creates missing topics from the catalogue, warms the topology
 * up on synthetic changes ({@link TopologyWarmUp}, {@code processor.warmup.duration}), then runs it in
 * Kafka Streams with exactly_once_v2. A stream thread that dies on an unexpected error is
 * replaced (its tasks resume from their last commit); records the topology cannot handle never get
 * here, they go to the dead-letter topic.
 */
public final class ProcessorService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ProcessorService.class);

    private final ProcessorConfig config;
    private final MeterRegistry registry;
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private volatile KafkaStreams streams;
    private volatile String applicationServer;
    private KafkaClientMeters streamsMetrics;
    private volatile WarmUpReport warmUp;
    /** Set first thing by {@link #close}: a warm-up in progress stops at its next change. */
    private volatile boolean closing;

    public ProcessorService(ProcessorConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        Gauge.builder("promo.processor.running", this, service -> service.isRunning() ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING (all tasks assigned and restored)").register(registry);
        Gauge.builder("promo.processor.warmup.seconds", this, s -> s.warmUp == null ? 0 : s.warmUp.took().toMillis() / 1e3)
                .description("How long the warm-up at start ran (0 while it runs, when off or failed)").register(registry);
        Gauge.builder("promo.processor.warmup.changes", this, s -> s.warmUp == null ? 0 : s.warmUp.changes())
                .description("Synthetic changes the warm-up at start ran through the topology").register(registry);
    }

    /**
     * Checks Kafka (waiting up to the start-up timeout), warms the topology up, and starts the streams in
     * the background. Not ready ({@link #isRunning}) before the streams are.
     *
     * @param applicationServer {@code host:port} where other instances reach this one's queries
     */
    public synchronized void start(String applicationServer) throws Exception {
        // The processor may start before the capture: it creates the change topics it reads too, where it may.
        List<TopicSpec> topics = new ArrayList<>();
        for (CdcTable table : PromoTopology.INPUT_TABLES) {
            Catalog.bundled().topic(table.topic().name()).map(TopicSpec::of).ifPresent(topics::add);
        }
        topics.addAll(TopicSpec.of(Catalog.bundled().group(TopicGroup.DERIVED)));
        new KafkaPreflight(config.kafka(), "the processor", config.applicationId() + "-admin", config.startupTimeout())
                .check(topics, Optional.of(config.replicationFactor()), ProcessorAcls.of(config));
        this.applicationServer = applicationServer;
        runWarmUp();
        if (closing) {
            return;
        }
        DerivationMetrics metrics = new DerivationMetrics(registry);
        Properties properties = StreamsProperties.of(config, applicationServer);
        // any step's unexpected failure: a dead letter, not a crash loop
        ProcessingFailures.install(properties, metrics);
        KafkaStreams started = new KafkaStreams(PromoTopology.build(config.derivation(), metrics), properties);
        started.setUncaughtExceptionHandler(e -> {
            Optional<KafkaSetupException> permanent = KafkaErrors.explain(e, "the processor", config.kafka());
            if (permanent.isPresent()) {
                // A new thread would fail the same way: credentials and ACLs need a person.
                LOGGER.error("Processor stopping: {}", permanent.get().getMessage());
                termination.completeExceptionally(permanent.get());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOGGER.error("Stream thread failed; replacing it (its tasks resume from their last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        started.setStateListener((newState, oldState) -> {
            LOGGER.info("Processor {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.ERROR) {
                termination.completeExceptionally(new IllegalStateException("Kafka Streams is in state ERROR"));
            } else if (newState == KafkaStreams.State.NOT_RUNNING) {
                termination.complete(null);
            }
        });
        streamsMetrics = KafkaClientMeters.ofStreams(registry, started);
        streams = started;
        started.start();
        LOGGER.info("Processor {} started against {} (exactly_once_v2, commit every {} ms, state in {})",
                config.applicationId(), config.kafka().describe(), config.commitInterval().toMillis(),
                config.stateDir().toAbsolutePath());
    }

    /**
     * Runs the derivations hot before the first live change so the JIT does not compete with the first
     * minute's changes for the cores. An optimisation only: if it fails, the processor starts without it.
     */
    private void runWarmUp() {
        Duration budget = config.warmUp();
        if (budget.isZero()) {
            LOGGER.info("No warm-up ({} is 0): the JIT compiles the derivations while the first changes wait",
                    ProcessorConfig.WARMUP_DURATION.key());
            return;
        }
        LOGGER.info("Warming up for {} s: the topology on synthetic changes, output and state discarded, before "
                + "consuming", budget.toMillis() / 1000.0);
        try {
            WarmUpReport report = new TopologyWarmUp(config.derivation(), config.stateDir())
                    .run(budget, Long.MAX_VALUE, () -> closing);
            warmUp = report;
            LOGGER.info("Warm-up {}", report.describe());
        } catch (RuntimeException e) {
            LOGGER.warn("Warm-up failed; starting without it (the JIT compiles while the first changes wait)", e);
        }
    }

    /** What the warm-up at start did; empty while it runs, when it is off or when it failed. */
    public Optional<WarmUpReport> warmUp() {
        return Optional.ofNullable(warmUp);
    }

    /** True while every task is assigned and its state restored. */
    public boolean isRunning() {
        KafkaStreams running = streams;
        return running != null && running.state() == KafkaStreams.State.RUNNING;
    }

    public void awaitRunning(Duration timeout) throws InterruptedException, TimeoutException {
        Instant deadline = Instant.now().plus(timeout);
        while (!isRunning()) {
            if (termination.isDone()) {
                termination.join();
                throw new IllegalStateException("processor stopped before running");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException("processor not RUNNING after " + timeout.toSeconds() + " s; state "
                        + (streams == null ? "not started" : streams.state()));
            }
            Thread.sleep(50);
        }
    }

    /** The running streams, for interactive queries; null before {@link #start}. */
    public KafkaStreams streams() {
        return streams;
    }

    /** {@code host:port} other instances reach this one's queries at; null before {@link #start}. */
    public String applicationServer() {
        return applicationServer;
    }

    public ProcessorConfig config() {
        return config;
    }

    /** Completes when the streams stop; exceptionally when they failed for good. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    /**
     * Stops cleanly: the current transaction commits, local state is checkpointed, and the instance
     * leaves the consumer group so the others take over its partitions at once (and a reset may follow).
     */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            stop();
        }
    }

    private void stop() {
        KafkaStreams running = streams;
        if (running != null) {
            running.close(CloseOptions.timeout(Duration.ofSeconds(30))
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        termination.complete(null);
        LOGGER.info("Processor stopped");
    }
}
