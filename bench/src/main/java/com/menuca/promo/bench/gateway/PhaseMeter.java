package com.menuca.promo.bench.gateway;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cost of one benchmark phase in figures that survive a shared, busy machine: CPU-microseconds
 * and bytes allocated per delivered frame (the gateway's threads alone, the whole stack JVM, and the
 * load generator), garbage-collection pauses, and the load average around it. Wall-clock rates are
 * reported beside these, never instead of them.
 */
final class PhaseMeter {
    private static final String CLIENT_THREADS = BenchClients.THREAD_PREFIX;

    private final MeasuredStack dev;
    private final StackRecording recording;
    private final String loadAtStart;
    private final double stackCpuAtStart;
    private final Map<ThreadCpu.Role, Double> rolesAtStart;
    private final Map<ThreadCpu.Role, Double> kernelAtStart;
    private final Map<ThreadCpu.Role, Double> waitingAtStart;
    private final long[] clientAtStart;
    private final long wallStart;

    private PhaseMeter(MeasuredStack dev, StackRecording recording) {
        this.dev = dev;
        this.recording = recording;
        this.loadAtStart = loadAverage();
        this.stackCpuAtStart = dev.cpuSeconds();
        this.rolesAtStart = ThreadCpu.summed(dev.pids(), ThreadCpu::byRole);
        this.kernelAtStart = ThreadCpu.summed(dev.pids(), ThreadCpu::kernelByRole);
        this.waitingAtStart = ThreadCpu.summed(dev.pids(), ThreadCpu::waitingByRole);
        this.clientAtStart = clientCpuAndAllocation();
        this.wallStart = System.nanoTime();
    }

    /** Starts measuring; {@code jfrFile} receives the phase's flight recording. */
    static PhaseMeter start(MeasuredStack dev, String phase, Path jfrFile) throws Exception {
        StackRecording recording = StackRecording.start(dev, "bench-" + phase, jfrFile);
        return new PhaseMeter(dev, recording);
    }

    /** The phase's figures, given the frames the clients received during it. */
    Map<String, Object> stop(long frames) throws Exception {
        double wall = (System.nanoTime() - wallStart) / 1e9;
        Map<ThreadCpu.Role, Double> roles = ThreadCpu.between(rolesAtStart, ThreadCpu.summed(dev.pids(), ThreadCpu::byRole));
        Map<ThreadCpu.Role, Double> kernel = ThreadCpu.between(kernelAtStart, ThreadCpu.summed(dev.pids(), ThreadCpu::kernelByRole));
        Map<ThreadCpu.Role, Double> waiting = ThreadCpu.between(waitingAtStart, ThreadCpu.summed(dev.pids(), ThreadCpu::waitingByRole));
        double stackCpu = dev.cpuSeconds() - stackCpuAtStart;
        long[] client = clientCpuAndAllocation();
        String loadAtEnd = loadAverage();
        StackRecording.Figures jfr = recording.stop();

        double gatewayCpu = roles.get(ThreadCpu.Role.GATEWAY_IO) + roles.get(ThreadCpu.Role.GATEWAY_FEED)
                + roles.get(ThreadCpu.Role.GATEWAY_OTHER);
        long gatewayAllocated = jfr.allocatedBytes().getOrDefault(ThreadCpu.Role.GATEWAY_IO, 0L)
                + jfr.allocatedBytes().getOrDefault(ThreadCpu.Role.GATEWAY_FEED, 0L)
                + jfr.allocatedBytes().getOrDefault(ThreadCpu.Role.GATEWAY_OTHER, 0L);
        long stackAllocated = jfr.allocatedBytes().values().stream().mapToLong(Long::longValue).sum();
        double perFrame = Math.max(1, frames);

        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("frames", frames);
        cost.put("wall_s", round(wall, 2));
        cost.put("load_average_start", loadAtStart);
        cost.put("load_average_end", loadAtEnd);
        cost.put("gateway_cpu_us_per_frame", round(gatewayCpu * 1e6 / perFrame, 3));
        cost.put("gateway_io_cpu_us_per_frame", round(roles.get(ThreadCpu.Role.GATEWAY_IO) * 1e6 / perFrame, 3));
        cost.put("gateway_feed_cpu_us_per_frame", round(roles.get(ThreadCpu.Role.GATEWAY_FEED) * 1e6 / perFrame, 3));
        double io = roles.get(ThreadCpu.Role.GATEWAY_IO);
        cost.put("gateway_io_kernel_share", io <= 0 ? null : round(kernel.get(ThreadCpu.Role.GATEWAY_IO) / io, 2));
        cost.put("stack_jvm_cpu_us_per_frame", round(stackCpu * 1e6 / perFrame, 3));
        cost.put("stack_gc_cpu_us_per_frame", round(roles.get(ThreadCpu.Role.GC) * 1e6 / perFrame, 3));
        cost.put("gateway_allocated_bytes_per_frame", Math.round(gatewayAllocated / perFrame));
        cost.put("stack_allocated_bytes_per_frame", Math.round(stackAllocated / perFrame));
        // which component allocates is what decides how often the one JVM of the stack pauses for all of them
        Map<String, Object> allocatedByRole = new LinkedHashMap<>();
        jfr.allocatedBytes().entrySet().stream().sorted(Map.Entry.<ThreadCpu.Role, Long>comparingByValue().reversed())
                .forEach(e -> allocatedByRole.put(name(e.getKey()), Math.round(e.getValue() / perFrame)));
        cost.put("stack_allocated_bytes_per_frame_by_thread_role", allocatedByRole);
        cost.put("client_cpu_us_per_frame", round((client[0] - clientAtStart[0]) / 1e3 / perFrame, 3));
        cost.put("client_allocated_bytes_per_frame", Math.round((client[1] - clientAtStart[1]) / perFrame));
        cost.put("gateway_cpu_cores", round(gatewayCpu / wall, 2));
        cost.put("stack_jvm_cpu_cores", round(stackCpu / wall, 2));
        cost.put("client_cpu_cores", round((client[0] - clientAtStart[0]) / 1e9 / wall, 2));
        Map<String, Object> gc = new LinkedHashMap<>();
        gc.put("pauses", jfr.gcPauses());
        gc.put("pause_total_ms", round(jfr.gcPauseTotal().toNanos() / 1e6, 1));
        gc.put("pause_max_ms", round(jfr.gcPauseMax().toNanos() / 1e6, 1));
        gc.put("gc_threads_cpu_s", round(roles.get(ThreadCpu.Role.GC), 2));
        cost.put("stack_gc", gc);
        Map<String, Object> cpuByRole = byRole(roles);
        cost.put("stack_cpu_s_by_thread_role", cpuByRole);
        cost.put("stack_cpu_wait_s_by_thread_role", byRole(waiting));
        cost.put("gateway_hot_methods_samples", jfr.gatewayHotMethods());
        cost.put("gateway_allocation_sites_bytes", jfr.gatewayAllocationSites());
        return cost;
    }

    private static Map<String, Object> byRole(Map<ThreadCpu.Role, Double> seconds) {
        Map<String, Object> byRole = new LinkedHashMap<>();
        seconds.forEach((role, value) -> byRole.put(name(role), round(value, 2)));
        return byRole;
    }

    /** A thread role as the result file names it. */
    private static String name(ThreadCpu.Role role) {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** CPU nanoseconds and bytes allocated so far by the load generator's event-loop threads. */
    private static long[] clientCpuAndAllocation() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu = 0;
        long allocated = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(CLIENT_THREADS)) {
                cpu += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                allocated += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            }
        }
        return new long[] {cpu, allocated};
    }

    /** The 1, 5 and 15 minute load averages: other work on a shared machine shows here. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
