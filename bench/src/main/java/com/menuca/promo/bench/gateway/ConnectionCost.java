package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the connections that join between two readings of the stack cost it, each: live heap (the class
 * histogram's total, collected and counted in one pause) and by class, resident memory outside the heap
 * (anonymous, and as VmRSS counts it), direct memory, the growth outside the heap by NMT category when
 * the stack tracks it, and the CPU spent while they connected and joined. Later, against the same first
 * reading, what grew with traffic.
 */
final class ConnectionCost {
    private final MeasuredStack dev;
    private final StackMemory memory;
    private final long heapBefore;
    private final ClassHistogram classesBefore;
    /** Null when the stack does not track native memory. */
    private final NativeMemory nativeMemory;
    private final StackMemory.Sample before;
    private final Map<ThreadCpu.Role, Double> cpuBefore;
    private final long startNanos;

    private ConnectionCost(MeasuredStack dev, StackMemory memory) throws IOException, InterruptedException {
        this.dev = dev;
        this.memory = memory;
        this.heapBefore = dev.heapAfterGc();
        this.classesBefore = ClassHistogram.read(dev.pid());
        this.nativeMemory = NativeMemory.baseline(dev.pid());
        this.before = memory.read();
        this.cpuBefore = ThreadCpu.summed(dev.pids(), ThreadCpu::byRole);
        this.startNanos = System.nanoTime();
    }

    /** The first reading (the stack's heap is collected), taken just before the connections to measure dial. */
    static ConnectionCost before(MeasuredStack dev, StackMemory memory) throws IOException, InterruptedException {
        return new ConnectionCost(dev, memory);
    }

    /**
     * The second reading, taken once the {@code measured} connections joined and nothing else happened,
     * and what each of them cost.
     *
     * @param how what the two readings were, for the result file
     */
    Map<String, Object> idle(int connections, int measured, String how) throws IOException, InterruptedException {
        double connectSeconds = (System.nanoTime() - startNanos) / 1e9;
        Map<ThreadCpu.Role, Double> cpu = ThreadCpu.between(cpuBefore, ThreadCpu.summed(dev.pids(), ThreadCpu::byRole));
        long heapIdle = dev.heapAfterGc();
        ClassHistogram classesIdle = ClassHistogram.read(dev.pid());
        StackMemory.Sample idle = memory.read();
        long liveHeap = classesIdle.liveGrowthPerUnit(classesBefore, measured);
        long anonOutsideHeap = Math.round((idle.anonOutsideHeap() - before.anonOutsideHeap()) / measured);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections", connections);
        m.put("connections_measured", measured);
        m.put("connect_and_join_per_s", Math.round(measured / connectSeconds));
        m.put("held_bytes_per_connection", anonOutsideHeap + liveHeap);
        m.put("rss_bytes_per_connection", (idle.rss() - before.rss()) / measured);
        m.put("rss_outside_heap_bytes_per_connection", Math.round((idle.rssOutsideHeap() - before.rssOutsideHeap()) / measured));
        m.put("anon_outside_heap_bytes_per_connection", anonOutsideHeap);
        m.put("live_heap_bytes_per_connection", liveHeap);
        m.put("heap_after_gc_bytes_per_connection", (heapIdle - heapBefore) / measured);
        m.put("direct_bytes_per_connection", directGrowth(idle, measured));
        m.put("before", before.describe());
        m.put("connected_idle", idle.describe());
        m.put("how", how);
        m.put("heap_bytes_per_connection_by_class", classesIdle.growthPerUnit(classesBefore, measured, 15));
        m.put("gateway_io_cpu_us_per_connection", Math.round(cpu.getOrDefault(ThreadCpu.Role.GATEWAY_IO, 0.0) * 1e6 / measured));
        m.put("stack_cpu_us_per_connection", Math.round(
                cpu.values().stream().mapToDouble(Double::doubleValue).sum() * 1e6 / measured));
        if (nativeMemory != null) {
            m.put("native_bytes_per_connection_by_category", nativeMemory.growthPerUnit(measured));
        }
        return m;
    }

    /** What grew from the first reading to {@code traffic} (the end of a measured run), per measured connection. */
    Map<String, Object> underTraffic(StackMemory.Sample traffic, int measured) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rss_bytes_per_connection", (traffic.rss() - before.rss()) / measured);
        m.put("rss_outside_heap_bytes_per_connection", Math.round((traffic.rssOutsideHeap() - before.rssOutsideHeap()) / measured));
        m.put("direct_bytes_per_connection", directGrowth(traffic, measured));
        m.put("at_end_of_measured_run", traffic.describe());
        m.put("how", "at the end of the measured run against the idle figures' first reading, divided by the same"
                + " connections: includes"
                + " everything else that grew with traffic (Kafka, capture, processor state, heap not yet collected)");
        return m;
    }

    private long directGrowth(StackMemory.Sample after, int measured) {
        return Math.round((after.jvmDirect() + after.allocatorDirect() - before.jvmDirect() - before.allocatorDirect())
                / measured);
    }
}
