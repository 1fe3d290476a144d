package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack JVM's memory and GC as the operating system and its own /metrics see them: resident set
 * ({@code VmRSS}, and its anonymous part {@code RssAnon}), heap used and committed, the live heap after the last major collection, direct
 * memory (the JVM's direct buffer pool, and what Netty's pooled allocator holds in its arenas), and
 * GC pauses so far.
 */
final class StackMemory {

    /** One reading; byte figures in bytes, pauses in seconds. */
    record Sample(long rss, long rssAnon, long heapResident, double heapUsed, double heapCommitted, double liveHeap, double jvmDirect,
                  double allocatorDirect, double gcPauses, double gcPauseSeconds) {
        /**
         * Resident memory outside the heap: native memory, direct buffers, metaspace, code, thread stacks.
         * The heap's resident pages where /proc says them, otherwise (less exact) the committed heap.
         */
        double rssOutsideHeap() {
            return rss - heapResidentOrCommitted();
        }

        /**
         * Anonymous resident memory outside the heap: what {@link #rssOutsideHeap} holds less the pages of
         * mapped files (the embedded broker's log indexes, jars, libraries), which a process's own
         * allocations are not. The heap is anonymous memory.
         */
        double anonOutsideHeap() {
            return rssAnon - heapResidentOrCommitted();
        }

        private double heapResidentOrCommitted() {
            return heapResident >= 0 ? heapResident : heapCommitted;
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rss_mb", mb(rss));
            m.put("rss_outside_heap_mb", mb(rssOutsideHeap()));
            m.put("anon_outside_heap_mb", mb(anonOutsideHeap()));
            m.put("heap_resident_mb", mb(heapResident));
            m.put("heap_used_mb", mb(heapUsed));
            m.put("heap_committed_mb", mb(heapCommitted));
            m.put("live_heap_after_last_major_gc_mb", mb(liveHeap));
            m.put("jvm_direct_buffers_mb", mb(jvmDirect));
            m.put("netty_allocator_direct_mb", mb(allocatorDirect));
            return m;
        }
    }

    private final MeasuredStack dev;
    private final URI metrics;

    StackMemory(MeasuredStack dev, String metricsBaseUrl) {
        this.dev = dev;
        this.metrics = StackMetrics.at(metricsBaseUrl);
    }

    Sample read() throws IOException, InterruptedException {
        String text = StackMetrics.read(metrics);
        Map<String, Long> status = statusSizes(dev.pid());
        return new Sample(status.getOrDefault("VmRSS", -1L), status.getOrDefault("RssAnon", -1L), dev.heapResidentBytes(),
                StackMetrics.sum(text, "jvm_memory_used_bytes", "area=\"heap\""),
                StackMetrics.sum(text, "jvm_memory_committed_bytes", "area=\"heap\""),
                StackMetrics.sum(text, "jvm_gc_live_data_size_bytes", ""),
                StackMetrics.sum(text, "jvm_buffer_memory_used_bytes", "id=\"direct\""),
                StackMetrics.sum(text, "promo_gateway_allocator_direct_memory_bytes", ""),
                StackMetrics.sum(text, "jvm_gc_pause_seconds_count", ""),
                StackMetrics.sum(text, "jvm_gc_pause_seconds_sum", ""));
    }

    /**
     * The size lines of {@code /proc/<pid>/status} ({@code VmRSS}, {@code RssAnon}...) in bytes, by name,
     * read at once so that they describe one moment; empty where unavailable.
     */
    private static Map<String, Long> statusSizes(long pid) {
        Map<String, Long> sizes = new java.util.HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.endsWith(" kB")) {
                    sizes.put(line.substring(0, colon), Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return sizes;
    }

    /**
     * Resident bytes of a process's mappings that lie within {@code [from, to)}, from {@code /proc/<pid>/smaps};
     * -1 where unavailable.
     */
    static long residentWithin(long pid, long from, long to) {
        long resident = 0;
        boolean inside = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps"))) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                if (dash > 0 && space > dash && line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                    inside = Long.compareUnsigned(start, from) >= 0 && Long.compareUnsigned(start, to) < 0;
                } else if (inside && line.startsWith("Rss:")) {
                    resident += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return resident;
    }

    static double mb(double bytes) {
        return Math.round(bytes / 1_048_576.0 * 10) / 10.0;
    }
}
