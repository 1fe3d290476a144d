package com.menuca.promo.processor.service;

import com.menuca.promo.common.kafka.KafkaErrors;
import com.menuca.promo.catalog.admin.KafkaPreflight;
import com.menuca.promo.common.kafka.KafkaSetupException;
import com.menuca.promo.common.metrics.KafkaClientMeters;
import com.menuca.promo.processor.ProcessorConfig;
import com.menuca.promo.processor.topology.DerivationMetrics;
import com.menuca.promo.processor.topology.PromoTopology;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the processor: checks Kafka and creates missing topics from the catalogue, then runs the
 * topology in Kafka Streams with exactly_once_v2. A stream thread that dies on an unexpected error is
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

    public ProcessorService(ProcessorConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        Gauge.builder("promo.processor.running", this, service -> service.isRunning() ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING (all tasks assigned and restored)").register(registry);
    }

    /**
     * Checks Kafka (waiting up to the start-up timeout) and starts the streams in the background.
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
        KafkaStreams started = new KafkaStreams(PromoTopology.build(config.derivation(), new DerivationMetrics(registry)),
                StreamsProperties.of(config, applicationServer));
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
    public synchronized void close() {
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
