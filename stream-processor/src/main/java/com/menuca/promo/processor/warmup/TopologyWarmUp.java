package com.menuca.promo.processor.warmup;

import com.menuca.promo.processor.topology.DerivationMetrics;
import com.menuca.promo.processor.topology.DerivationSettings;
import com.menuca.promo.processor.topology.PromoTopology;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.derived.DerivedTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs the processor's own topology hot before it starts consuming, so the JIT compiles the
 * derivations before live changes arrive instead of competing with them for the cores (on two cores a
 * cold processor fell seconds behind at 1,000 redemptions/s in its first minute: docs/performance.md).
 *
 * <p>The topology ({@link PromoTopology#build}, with the service's own {@link DerivationSettings}) runs in
 * Kafka Streams' {@link TopologyTestDriver} on {@link SyntheticChanges}: the driver runs the real
 * {@code StreamTask}, processors, serdes, store layers (metering, change logging), repartitioning and
 * wall-clock punctuations without a broker, which is the code a live change goes through short of the
 * Kafka clients and RocksDB itself. Its stores are in memory: the driver commits after every record,
 * and a RocksDB store would write its memtable to a file at each commit (live, under exactly-once, they
 * are only written at checkpoints), which would make the warm-up exercise files rather than derivations.
 * That is why a test library (kafka-streams-test-utils, maintained with Kafka Streams itself, nothing
 * else pulled in) is part of the product: the alternative is re-implementing its task driving here.
 *
 * <p>What it must never do, and does not: write to Kafka (the driver has no broker; its output is read
 * and discarded), touch the real state stores (its stores are in memory, and the driver's state directory
 * is a scratch directory of its own, deleted afterwards, also when a previous start was killed halfway),
 * or move the service's metrics (its
 * {@link DerivationMetrics} count into a registry of its own).
 */
public final class TopologyWarmUp {
    /** The scratch directory's name, under the directory given (the service's state directory). */
    public static final String SCRATCH_DIRECTORY = "warm-up";
    /** Changes per second of wall clock: punctuations run as often relative to changes as at 1,000/s live. */
    private static final int CHANGES_PER_TICK = 1_000;
    /**
     * The warm-up stops before its budget once the JIT compilers spent less than a tenth of a window of
     * this length compiling: what the synthetic changes exercise is compiled, and more of them would only
     * delay the start. How far a fixed budget got varied from run to run by a factor of four (the JIT's
     * pace on two busy cores), and the first minute with it (docs/performance.md).
     */
    static final Duration SETTLE_WINDOW = Duration.ofSeconds(2);
    private static final double SETTLED_JIT_SHARE = 0.1;
    private static final ByteArraySerializer BYTES_OUT = new ByteArraySerializer();
    private static final ByteArrayDeserializer BYTES_IN = new ByteArrayDeserializer();

    private final DerivationSettings settings;
    private final Path scratch;
    private final LongSupplier jitMillis;

    /**
     * @param settings      the derivation settings of the service (so the same code paths run)
     * @param scratchParent where the throw-away state goes ({@link #SCRATCH_DIRECTORY} under it)
     */
    public TopologyWarmUp(DerivationSettings settings, Path scratchParent) {
        this(settings, scratchParent, TopologyWarmUp::jitMillis);
    }

    /** @param jitMillis the JIT compilers' total time so far in ms, -1 when unknown (never settles then) */
    TopologyWarmUp(DerivationSettings settings, Path scratchParent, LongSupplier jitMillis) {
        this.settings = settings;
        this.scratch = scratchParent.resolve(SCRATCH_DIRECTORY);
        this.jitMillis = jitMillis;
    }

    /**
     * Opens the driver, then pipes synthetic changes through the topology until {@code budget} has passed
     * (at least one change), the JIT settled ({@link #SETTLE_WINDOW}), {@code maxChanges} were piped or
     * {@code cancelled} says so (checked before every change), then closes the driver and deletes its state.
     */
    public WarmUpReport run(Duration budget, long maxChanges, BooleanSupplier cancelled) {
        long jitBefore = jitMillis.getAsLong();
        long started = System.nanoTime();
        Map<String, Long> derived = new TreeMap<>();
        long changes = 0;
        boolean settled = false;
        deleteScratch();
        try {
            Files.createDirectories(scratch);
            Instant start = Instant.now();
            SyntheticChanges feed = new SyntheticChanges(start);
            try (TopologyTestDriver driver = new TopologyTestDriver(
                    PromoTopology.build(settings, new DerivationMetrics(new SimpleMeterRegistry()),
                            Stores::inMemoryKeyValueStore), properties(), start)) {
                Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
                for (CdcTable table : PromoTopology.INPUT_TABLES) {
                    inputs.put(table.topic().name(), driver.createInputTopic(table.topic().name(), BYTES_OUT, BYTES_OUT));
                }
                Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();
                Instant wallClock = start;
                // the budget is for running changes; opening the driver (RocksDB, class loading) is not in it
                long deadline = System.nanoTime() + budget.toNanos();
                SettleWatch jit = new SettleWatch();
                while (!cancelled.getAsBoolean() && changes < maxChanges
                        && (changes == 0 || System.nanoTime() < deadline && !settled)) {
                    SyntheticChanges.Change change = feed.next();
                    inputs.get(change.topic()).pipeInput(new TestRecord<>(change.key(), change.value(),
                            change.committedAt()));
                    changes++;
                    if (changes % CHANGES_PER_TICK == 0) {
                        driver.advanceWallClockTime(Duration.between(wallClock, feed.now()));
                        wallClock = feed.now();
                        drain(driver, outputs, derived);
                        settled = jit.settled();
                    }
                }
                drain(driver, outputs, derived);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the warm-up's scratch directory " + scratch, e);
        } finally {
            deleteScratch();
        }
        long jitAfter = jitMillis.getAsLong();
        return new WarmUpReport(Duration.ofNanos(System.nanoTime() - started), changes, derived,
                jitBefore < 0 || jitAfter < 0 ? -1 : jitAfter - jitBefore, settled, scratch);
    }

    /** Whether the JIT compiled less than {@link #SETTLED_JIT_SHARE} of the last {@link #SETTLE_WINDOW}. */
    private final class SettleWatch {
        private long windowStart = System.nanoTime();
        private long jitAtWindowStart = jitMillis.getAsLong();

        boolean settled() {
            long now = System.nanoTime();
            if (now - windowStart < SETTLE_WINDOW.toNanos()) {
                return false;
            }
            long jit = jitMillis.getAsLong();
            boolean quiet = jit >= 0 && jitAtWindowStart >= 0
                    && jit - jitAtWindowStart < SETTLED_JIT_SHARE * (now - windowStart) / 1e6;
            windowStart = now;
            jitAtWindowStart = jit;
            return quiet;
        }
    }

    /** The driver keeps every record produced until read: read them all, counting the derived topics'. */
    private static void drain(TopologyTestDriver driver, Map<String, TestOutputTopic<byte[], byte[]>> outputs,
                              Map<String, Long> derived) {
        Set<String> derivedTopics = DerivedTopics.all().stream().map(Topic::name).collect(Collectors.toSet());
        for (String topic : driver.producedTopicNames()) {
            TestOutputTopic<byte[], byte[]> output = outputs.computeIfAbsent(topic,
                    name -> driver.createOutputTopic(name, BYTES_IN, BYTES_IN));
            long read = 0;
            while (!output.isEmpty()) {
                output.readRecord();
                read++;
            }
            if (derivedTopics.contains(topic) && read > 0) {
                derived.merge(topic, read, Long::sum);
            }
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "promo-processor-warm-up");
        // never contacted: the driver has no broker
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "warm-up.invalid:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, scratch.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        return p;
    }

    private void deleteScratch() {
        try {
            Utils.delete(scratch.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the warm-up's scratch directory " + scratch, e);
        }
    }

    /** Total time the JIT compilers spent so far, in ms of their threads; -1 when the JVM does not say. */
    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }
}
