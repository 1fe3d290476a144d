package com.menuca.promo.capture.engine;

import com.menuca.promo.capture.CaptureConfig;
import com.menuca.promo.capture.CaptureException;
import com.menuca.promo.capture.preflight.CaptureAcls;
import com.menuca.promo.capture.preflight.PostgresPreflight;
import com.menuca.promo.capture.publish.KafkaChangePublisher;
import com.menuca.promo.catalog.admin.KafkaPreflight;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.TopicGroup;
import com.menuca.promo.catalog.admin.TopicSpec;
import com.menuca.promo.common.concurrent.DaemonThreads;
import com.menuca.promo.schemas.cdc.CdcTable;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.JsonByteArray;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the capture: checks PostgreSQL and Kafka, then runs the Debezium engine under a supervisor
 * that restarts it from its stored offset after a runtime failure (Kafka unreachable past the send
 * timeout, connection lost). A failure before streaming ever began is a set-up problem and ends the
 * service with its message instead of looping.
 */
public final class CaptureService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(CaptureService.class);
    private static final String ASYNC_ENGINE = "io.debezium.embedded.async.ConvertingAsyncEngineBuilderFactory";

    private final CaptureConfig config;
    private final MeterRegistry registry;
    private final StreamingState streamingState = new StreamingState(CdcTable.TOPIC_PREFIX);
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final AtomicReference<DebeziumEngine<ChangeEvent<byte[], byte[]>>> engine = new AtomicReference<>();
    private volatile boolean closing;
    private volatile boolean everStreamed;
    private Thread supervisor;
    private SlotLagMonitor slotLag;

    public CaptureService(CaptureConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        Gauge.builder("promo.capture.streaming", this, service -> service.isStreaming() ? 1 : 0)
                .description("1 while the engine is connected to the replication stream").register(registry);
    }

    /**
     * Checks the environment (waiting for PostgreSQL and Kafka up to the start-up timeout), then starts
     * the engine in the background.
     *
     * @throws CaptureException when something must be fixed by a person; the message says what
     */
    public synchronized void start() throws Exception {
        new PostgresPreflight(config).check();
        kafkaPreflight();
        slotLag = new SlotLagMonitor(config, registry, Duration.ofSeconds(5));
        supervisor = new Thread(this::supervise, "capture-supervisor");
        supervisor.start();
    }

    /**
     * Waits for Kafka and creates the change topics and the offsets topic where missing, as the topic
     * catalogue describes them (change topics keep every event: they are the history analysts replay);
     * existing topics are left as an operator set them. Then checks this principal's ACLs on them.
     */
    private void kafkaPreflight() throws Exception {
        List<TopicSpec> topics = new ArrayList<>(TopicSpec.of(Catalog.bundled().group(TopicGroup.CDC)));
        // the catalogue's offsets topic under whatever name capture.offsets.topic gives it (one capture per slot
        // may keep its own): its ACLs are checked below, so it must exist before Debezium would create it
        TopicSpec offsets = TopicSpec.of(Catalog.bundled().topic(CaptureConfig.OFFSETS_TOPIC.defaultValue().orElseThrow())
                .orElseThrow(() -> new IllegalStateException("the topic catalogue lacks the capture's offsets topic")));
        topics.add(new TopicSpec(config.offsetsTopic(), offsets.partitions(), offsets.config()));
        new KafkaPreflight(config.kafka(), "the capture", "promo-capture-preflight", config.startupTimeout())
                .check(topics, Optional.of(config.replicationFactor()), CaptureAcls.of(config));
    }

    /** True while Debezium is connected to the WAL stream (after any initial snapshot). */
    public boolean isStreaming() {
        return engine.get() != null && streamingState.isConnected();
    }

    /** Blocks until streaming, failing early if the service terminates first. */
    public void awaitStreaming(Duration timeout) throws InterruptedException, TimeoutException {
        Instant deadline = Instant.now().plus(timeout);
        while (!isStreaming()) {
            if (termination.isDone()) {
                termination.join();
                throw new IllegalStateException("capture stopped before streaming");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException("capture not streaming after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    /** WAL held back by the replication slot in bytes (NaN until measured, or when PostgreSQL is unreachable). */
    public double slotLagBytes() {
        return slotLag == null ? Double.NaN : slotLag.lagBytes();
    }

    /** Completes when the service stops; exceptionally when it stopped on a problem that needs a person. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    private void supervise() {
        Duration backoff = Duration.ofSeconds(1);
        try {
            while (!closing) {
                Throwable failure = runEngineOnce();
                if (closing) {
                    break;
                }
                if (failure == null) {
                    failure = new CaptureException("Debezium engine stopped unexpectedly without an error");
                }
                if (!everStreamed) {
                    throw failure instanceof CaptureException ce ? ce
                            : new CaptureException("Capture could not start streaming: " + rootMessage(failure), failure);
                }
                LOGGER.error("Capture engine failed: {}. Restarting from the last stored WAL position in {} s",
                        rootMessage(failure), backoff.toSeconds(), failure);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
                new PostgresPreflight(config).check();
                kafkaPreflight();
            }
            termination.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            termination.complete(null);
        } catch (Exception e) {
            LOGGER.error("Capture stopped: {}", e.getMessage());
            termination.completeExceptionally(e);
        }
    }

    /** Runs one engine until it stops; returns its error, or null after a clean stop. */
    private Throwable runEngineOnce() throws InterruptedException {
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        try (KafkaChangePublisher publisher = new KafkaChangePublisher(config, registry)) {
            DebeziumEngine<ChangeEvent<byte[], byte[]>> built = DebeziumEngine
                    .create(JsonByteArray.class, JsonByteArray.class, JsonByteArray.class, ASYNC_ENGINE)
                    .using(DebeziumProperties.of(config))
                    .notifying(publisher)
                    .using((success, message, throwable) -> {
                        if (!success) {
                            error.set(throwable != null ? throwable : new CaptureException(message));
                        }
                        stopped.countDown();
                    })
                    .build();
            engine.set(built);
            Thread watcher = startStreamingWatcher(stopped);
            built.run();
            stopped.await(30, TimeUnit.SECONDS);
            watcher.interrupt();
        } finally {
            engine.set(null);
        }
        return error.get();
    }

    /**
     * Logs the moment streaming begins, remembers that it once did (failures after that are retried),
     * and switches off Debezium's lag statistics of this engine unless configured to keep them.
     */
    private Thread startStreamingWatcher(CountDownLatch stopped) {
        Thread watcher = DaemonThreads.named("capture-streaming-watch").newThread(() -> {
            try {
                while (stopped.getCount() > 0) {
                    if (streamingState.isConnected()) {
                        if (!everStreamed) {
                            LOGGER.info("Capture streaming from slot '{}' of {} into {}", config.slotName(),
                                    config.postgres().describe(), config.kafka().describe());
                        }
                        everStreamed = true;
                        if (!config.debeziumLagStatistics()) {
                            DebeziumLagStatistics.switchOff();
                        }
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watcher.start();
        return watcher;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + root.getMessage() + ")";
    }

    /** Stops the engine; its last acknowledged position is stored and the slot is kept. */
    @Override
    public void close() {
        closing = true;
        DebeziumEngine<ChangeEvent<byte[], byte[]>> running = engine.get();
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                LOGGER.warn("Capture engine did not close cleanly: {}", e.getMessage());
            }
        }
        Thread t = supervisor;
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (slotLag != null) {
            slotLag.close();
        }
        termination.complete(null);
        LOGGER.info("Capture stopped");
    }
}
