package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the stack JVM's memory outside the heap went, by the JVM's own accounting (Native Memory
 * Tracking, {@code jcmd VM.native_memory}): GC structures that follow the committed heap, compiled
 * code, thread stacks, class metadata, and {@code Other} (direct buffers). Only when the stack runs with
 * {@code -XX:NativeMemoryTracking=summary} ({@code --stack-java-options}); the figures are committed
 * memory, which is not all resident (thread stacks), and leave out what the C library keeps around the
 * blocks it hands out.
 */
final class NativeMemory {
    /** A category's line of {@code summary.diff}: {@code -  Name (reserved=..KB [+-..KB], committed=..KB [+-..KB])}. */
    private static final Pattern CATEGORY = Pattern.compile(
            "^-\\s+(.+?) \\(reserved=\\d+KB(?: [+-]\\d+KB)?, committed=\\d+KB(?: ([+-]\\d+)KB)?\\)", Pattern.MULTILINE);

    private final long pid;

    private NativeMemory(long pid) {
        this.pid = pid;
    }

    /**
     * Takes the baseline the growth of the JVM with process id {@code pid} is counted from; null when
     * that JVM does not track native memory.
     */
    static NativeMemory baseline(long pid) throws IOException, InterruptedException {
        String out;
        try {
            out = Jcmd.run(pid, "VM.native_memory", "baseline");
        } catch (IllegalStateException failed) {
            // only tracking being off means "no figures"; any other failure of jcmd is the run's to report
            if (notTracking(failed.getMessage())) {
                return null;
            }
            throw failed;
        }
        return notTracking(out) ? null : new NativeMemory(pid);
    }

    /** Whether jcmd's answer says the JVM runs without Native Memory Tracking. */
    static boolean notTracking(String jcmdOutput) {
        return jcmdOutput != null && jcmdOutput.contains("Native memory tracking is not enabled");
    }

    /**
     * Committed bytes grown per unit (per connection) since the baseline: {@code outside_heap} for all
     * but the Java heap, then by category, largest first, named as NMT names them in snake case
     * ({@code java_heap}, {@code code}, {@code gc}, {@code other}...).
     */
    Map<String, Long> growthPerUnit(int units) throws IOException, InterruptedException {
        return growthPerUnit(Jcmd.run(pid, "VM.native_memory", "summary.diff"), units);
    }

    private static Map<String, Long> growthPerUnit(String summaryDiff, int units) {
        Map<String, Long> byCategory = new LinkedHashMap<>();
        long outsideHeap = 0;
        Matcher m = CATEGORY.matcher(summaryDiff);
        while (m.find()) {
            long kb = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            byCategory.put(key(m.group(1)), kb * 1024 / units);
            if (!m.group(1).equals("Java Heap")) {
                outsideHeap += kb * 1024;
            }
        }
        if (byCategory.isEmpty()) {
            throw new IllegalStateException("no categories in jcmd VM.native_memory summary.diff: " + summaryDiff);
        }
        Map<String, Long> sorted = new LinkedHashMap<>();
        sorted.put("outside_heap", outsideHeap / units);
        byCategory.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** {@code Arena Chunk} → {@code arena_chunk}: JSON keys a pointer in a link can name. */
    private static String key(String category) {
        return category.toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
    }
}
