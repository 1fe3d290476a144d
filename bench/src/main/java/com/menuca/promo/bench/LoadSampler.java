package com.menuca.promo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How busy the machine was while a benchmark ran: load averages at start and end, the 1-minute load
 * average sampled every few seconds, and the machine's CPU time (/proc/stat) against this JVM's. On a
 * shared machine this says whether a number means something; elsewhere than Linux the fields are null.
 */
final class LoadSampler {
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path STAT = Path.of("/proc/stat");
    private static final long SAMPLE_SECONDS = 5;

    private final List<Double> atStart;
    private final long[] cpuAtStart;
    private final long jvmCpuAtStart;
    private final long startNanos;
    private final List<Double> oneMinute = new ArrayList<>();
    private final ScheduledExecutorService sampler;

    private LoadSampler(boolean atRunStart) {
        atStart = atRunStart ? loadAverages() : null;
        cpuAtStart = atRunStart ? machineCpuTicks() : null;
        jvmCpuAtStart = jvmCpuNanos();
        startNanos = System.nanoTime();
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-load-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    /** Sampling from the run's start. */
    static LoadSampler start() {
        return new LoadSampler(true);
    }

    /** Sampling from now, for a run that started earlier: nothing is said about its start. */
    static LoadSampler late() {
        return new LoadSampler(false);
    }

    private void sample() {
        List<Double> now = loadAverages();
        if (now != null) {
            synchronized (oneMinute) {
                oneMinute.add(now.get(0));
            }
        }
    }

    /** Stops sampling and describes the run's load. */
    Map<String, Object> finish() {
        sampler.shutdownNow();
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("load_average_at_start", atStart);
        load.put("load_average_at_end", loadAverages());
        synchronized (oneMinute) {
            load.put("load_average_1m_max", oneMinute.stream().max(Double::compare).orElse(null));
            load.put("load_average_1m_mean", oneMinute.isEmpty() ? null
                    : BenchResults.round(oneMinute.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
            load.put("load_average_1m_samples", oneMinute.size());
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long[] cpuAtEnd = machineCpuTicks();
        if (cpuAtStart != null && cpuAtEnd != null) {
            double busyTicks = cpuAtEnd[0] - cpuAtStart[0];
            double allTicks = cpuAtEnd[1] - cpuAtStart[1];
            int cores = Runtime.getRuntime().availableProcessors();
            load.put("machine_cpu_busy_cores", allTicks > 0 ? BenchResults.round(busyTicks / allTicks * cores) : null);
        } else {
            load.put("machine_cpu_busy_cores", null);
        }
        load.put("this_jvm_cpu_cores", cpuAtStart != null && seconds > 0 ? BenchResults.round((jvmCpuNanos() - jvmCpuAtStart) / 1e9 / seconds) : null);
        load.put("note", "the load includes the benchmark itself (this JVM and any PostgreSQL or stack process it started)");
        return load;
    }

    /** The 1, 5 and 15 minute load averages, or null where /proc/loadavg does not exist. */
    static List<Double> loadAverages() {
        try {
            String[] fields = Files.readString(LOADAVG).trim().split("\\s+");
            return List.of(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {busy, total} jiffies of all CPUs (busy = total - idle - iowait), or null. */
    private static long[] machineCpuTicks() {
        try {
            String first = Files.readAllLines(STAT).get(0);
            String[] fields = first.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {   // user .. steal; guest is inside user
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
