package com.menuca.promo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CPU of a scenario went: this JVM (and its busiest thread groups) and the embedded
 * PostgreSQL server processes, as cores busy on average (1.0 = one core). PostgreSQL's share is read
 * from /proc (Linux); elsewhere it is reported as unknown.
 */
final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100.0;
    private static final int TOP_THREAD_GROUPS = 6;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final String postgresDataDir;

    /** @param postgresDataDir data directory of the server to watch; its processes name it on their command line */
    CpuMeter(Path postgresDataDir) {
        this.postgresDataDir = postgresDataDir.toAbsolutePath().toString();
    }

    /** CPU times at one moment; PostgreSQL's per process, since backends come and go between samples. */
    record Sample(long wallNanos, long jvmNanos, long jitMillis, Map<Long, Long> postgresNanosByPid,
                  Map<String, Long> threadGroupNanos) {
    }

    Sample sample() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        Map<String, Long> groups = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                groups.merge(group(info.getThreadName()), nanos, Long::sum);
            }
        }
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        return new Sample(System.nanoTime(), jvm, jit, postgresCpuNanos(), groups);
    }

    /** Thread names without their numbers, so pools add up: "pool-3-thread-1" -> "pool-N-thread-N". */
    private static String group(String threadName) {
        return threadName.replaceAll("\\d+", "N");
    }

    Map<String, Object> between(Sample from, Sample to) {
        double wall = (to.wallNanos() - from.wallNanos()) / 1e9;
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("jvm_cores", cores(to.jvmNanos() - from.jvmNanos(), wall));
        long postgres = to.postgresNanosByPid().entrySet().stream()
                .mapToLong(e -> e.getValue() - from.postgresNanosByPid().getOrDefault(e.getKey(), 0L)).sum();
        cpu.put("postgres_cores", to.postgresNanosByPid().isEmpty() ? "unknown" : cores(postgres, wall));
        cpu.put("jit_compiler_cores", jitCompilerCores(from, to));
        Map<String, Object> busiest = new LinkedHashMap<>();
        to.threadGroupNanos().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - from.threadGroupNanos().getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP_THREAD_GROUPS)
                .forEach(e -> busiest.put(e.getKey(), cores(e.getValue(), wall)));
        cpu.put("busiest_jvm_threads_cores", busiest);
        return cpu;
    }

    /** The JIT compiler's threads' time between two samples, as cores: part of jvm_cores, hidden from the thread list. */
    static double jitCompilerCores(Sample from, Sample to) {
        return cores((to.jitMillis() - from.jitMillis()) * 1_000_000L, (to.wallNanos() - from.wallNanos()) / 1e9);
    }

    private static double cores(long nanos, double wallSeconds) {
        return Math.round(nanos / 1e9 / wallSeconds * 100) / 100.0;
    }

    private Map<Long, Long> postgresCpuNanos() {
        Map<Long, Long> byPid = new HashMap<>();
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String command = process.info().commandLine().orElse("");
            boolean ours = command.contains(postgresDataDir)
                    || process.parent().map(p -> p.info().commandLine().orElse("").contains(postgresDataDir)).orElse(false);
            if (!ours) {
                continue;
            }
            try {
                String text = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                byPid.put(process.pid(), (long) (ticks / TICKS_PER_SECOND * 1e9));
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading: it simply is not in this sample
            }
        }
        return byPid;
    }
}
