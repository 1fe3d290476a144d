package com.menuca.promo.bench.gateway;

import com.menuca.promo.bench.BenchResults;
import com.menuca.promo.common.concurrent.DaemonThreads;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/** Per interval of the measured run: latency, frames, what is in flight, the stack's memory, GC and CPU. */
final class IntervalSampler {
    private final MeasuredStack dev;
    private final StackMemory memory;
    private final Verification tally;
    private final PrintStream out;
    private final List<Map<String, Object>> intervals;
    /** When sampling began: each interval's {@code end_s} counts from here. */
    private final long origin = System.nanoTime();
    private long lastNanos = origin;
    private long lastFrames;
    private double lastCpu;
    private StackMemory.Sample lastMemory;
    private long[] lastGeneratorGc = loadGeneratorGc();
    /**
     * The gateway's own histograms (commit → write to the socket, and its feed's poll → write): beside the
     * clients' latency they say whether a slow interval was slow before the frame left the gateway, and if so
     * whether in the gateway or before it (capture, Kafka), or only after (the socket, the load generator).
     */
    private final URI gatewayMetrics;
    private final GatewaySideLatency commitToWrite;
    private final GatewaySideLatency pollToWrite;
    private Map<Double, Double> lastCommitToWrite;
    private Map<Double, Double> lastPollToWrite;
    /** The stream threads' figures per interval: a soak that falls behind shows when, and in which part. */
    private final ProcessorThreadMeter processorThreads;
    private final Duration interval;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("bench-interval-sampler"));
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** @param intervals where each interval's figures are added, in order */
    IntervalSampler(MeasuredStack dev, StackMemory memory, Verification tally, PrintStream out, Duration interval,
                    List<Map<String, Object>> intervals) throws Exception {
        this.dev = dev;
        this.memory = memory;
        this.tally = tally;
        this.out = out;
        this.interval = interval;
        this.intervals = intervals;
        this.lastFrames = tally.frames.sum();
        this.lastCpu = dev.cpuSeconds();
        this.lastMemory = memory.read();
        this.processorThreads = ProcessorThreadMeter.start(dev.processorMetricsUrl());
        this.commitToWrite = new GatewaySideLatency(dev.opsUrl(), GatewaySideLatency.COMMIT_TO_WRITE);
        this.pollToWrite = new GatewaySideLatency(dev.opsUrl(), GatewaySideLatency.POLL_TO_WRITE);
        this.gatewayMetrics = StackMetrics.at(dev.opsUrl());
        String text = StackMetrics.read(gatewayMetrics);
        this.lastCommitToWrite = commitToWrite.buckets(text);
        this.lastPollToWrite = pollToWrite.buckets(text);
    }

    /**
     * Samples every interval on a thread of its own. Reading the stack's metrics and memory
     * takes a few hundred milliseconds; done between two of the writer's changes, as before, it held
     * the writer up at every interval and showed as latency from the intended send time that the stack
     * had no part in.
     */
    void start() {
        schedule.scheduleAtFixedRate(() -> {
            try {
                sample();
            } catch (Exception e) {
                failure.compareAndSet(null, e);
                throw new IllegalStateException(e);
            }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Lets a sample under way finish, samples the last interval if at least half of one is left, and rethrows what failed. */
    void stop() throws Exception {
        schedule.shutdown();
        if (!schedule.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the interval sampler did not finish within a minute");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        if (System.nanoTime() - lastNanos >= interval.toNanos() / 2) {
            sample();
        }
    }

    private void sample() throws Exception {
        long now = System.nanoTime();
        double seconds = (now - lastNanos) / 1e9;
        Histogram[] window = tally.window();
        StackMemory.Sample m = memory.read();
        double cpu = dev.cpuSeconds();
        long frames = tally.frames.sum();
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("end_s", Math.round((now - origin) / 1e9));
        i.put("frames_per_s", Math.round((frames - lastFrames) / seconds));
        i.put("samples", window[0].getTotalCount());
        i.put("p50_ms", window[0].getValueAtPercentile(50) / 1000.0);
        i.put("p99_ms", window[0].getValueAtPercentile(99) / 1000.0);
        i.put("p99_9_ms", window[0].getValueAtPercentile(99.9) / 1000.0);
        i.put("max_ms", window[0].getMaxValue() / 1000.0);
        i.put("intended_p99_ms", window[1].getValueAtPercentile(99) / 1000.0);
        i.put("expected_frames_in_flight", tally.outstanding.get());
        i.put("heap_used_mb", StackMemory.mb(m.heapUsed()));
        i.put("live_heap_after_last_major_gc_mb", StackMemory.mb(m.liveHeap()));
        i.put("rss_mb", StackMemory.mb(m.rss()));
        i.put("rss_outside_heap_mb", StackMemory.mb(m.rssOutsideHeap()));
        i.put("direct_mb", StackMemory.mb(m.jvmDirect() + m.allocatorDirect()));
        i.put("gc_pauses", Math.round(m.gcPauses() - lastMemory.gcPauses()));
        i.put("gc_pause_ms", Math.round((m.gcPauseSeconds() - lastMemory.gcPauseSeconds()) * 1000));
        String gatewayText = StackMetrics.read(gatewayMetrics);
        Map<Double, Double> gatewayCommitToWrite = commitToWrite.buckets(gatewayText);
        Map<Double, Double> gatewayPollToWrite = pollToWrite.buckets(gatewayText);
        i.put("gateway_commit_to_write_p99_ms_at_most",
                GatewaySideLatency.percentileMillis(lastCommitToWrite, gatewayCommitToWrite, 99));
        i.put("gateway_poll_to_write_p99_ms_at_most",
                GatewaySideLatency.percentileMillis(lastPollToWrite, gatewayPollToWrite, 99));
        long[] generatorGc = loadGeneratorGc();
        i.put("load_generator_gc_pauses", generatorGc[0] - lastGeneratorGc[0]);
        i.put("load_generator_gc_pause_ms", generatorGc[1] - lastGeneratorGc[1]);
        i.put("stack_cpu_cores", BenchResults.round((cpu - lastCpu) / seconds));
        i.put("load_average", PhaseMeter.loadAverage());
        Map<String, Object> processor = processorThreads.lap();
        i.put("processor_threads", processor);
        intervals.add(i);
        out.printf("  %4ds: %,d frames/s, p50 %.1f / p99 %.1f / p99.9 %.1f ms (intended p99 %.1f; in the gateway, commit -> write p99"
                        + " <= %s ms, poll -> write <= %s ms), heap %.0f MB, RSS %.0f MB, "
                        + "direct %.1f MB, GC %d pauses %d ms (load generator %d, %d ms), load %s; processor %s records/s, time ratios %s%n",
                i.get("end_s"), i.get("frames_per_s"), i.get("p50_ms"), i.get("p99_ms"), i.get("p99_9_ms"),
                i.get("intended_p99_ms"), i.get("gateway_commit_to_write_p99_ms_at_most"),
                i.get("gateway_poll_to_write_p99_ms_at_most"), i.get("heap_used_mb"), i.get("rss_mb"), i.get("direct_mb"), i.get("gc_pauses"),
                i.get("gc_pause_ms"), i.get("load_generator_gc_pauses"), i.get("load_generator_gc_pause_ms"),
                i.get("load_average"), processor.get("records_processed_per_s"),
                processor.get("time_ratio_at_end"));
        lastNanos = now;
        lastFrames = frames;
        lastCpu = cpu;
        lastMemory = m;
        lastGeneratorGc = generatorGc;
        lastCommitToWrite = gatewayCommitToWrite;
        lastPollToWrite = gatewayPollToWrite;
    }

    /**
     * Collections and milliseconds collecting of the load generator (this JVM) so far: its pauses stop the
     * clients' event loops, which read late for as long, and the latency counts that as the stack's.
     */
    private static long[] loadGeneratorGc() {
        long[] gc = new long[2];
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc[0] += Math.max(0, collector.getCollectionCount());
            gc[1] += Math.max(0, collector.getCollectionTime());
        }
        return gc;
    }
}
