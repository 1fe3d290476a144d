package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack JVM's live objects by class ({@code jcmd GC.class_histogram}, which collects first and
 * counts in the same pause): taken before and after connecting, it says how much live heap the
 * connections hold and which classes it is made of; at a soak's start and end, which classes the live
 * heap grew by.
 *
 * @param classes    instances and bytes by class name
 * @param liveBytes  every live object's bytes (the histogram's total): unlike the heap in use read by a
 *                   later command, nothing allocated after the collection is in it
 */
record ClassHistogram(Map<String, long[]> classes, long liveBytes) {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)", Pattern.MULTILINE);

    /** The live objects of the JVM with process id {@code pid} (collects it first). */
    static ClassHistogram read(long pid) throws IOException, InterruptedException {
        return parse(Jcmd.run(pid, "GC.class_histogram"));
    }

    static ClassHistogram parse(String histogram) {
        Map<String, long[]> classes = new HashMap<>();
        Matcher m = ROW.matcher(histogram);
        while (m.find()) {
            classes.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("no Total line in jcmd GC.class_histogram: "
                    + histogram.substring(Math.max(0, histogram.length() - 300)));
        }
        return new ClassHistogram(classes, Long.parseLong(total.group(1)));
    }

    /** Live heap grown since {@code before}, per unit (per connection), in bytes. */
    long liveGrowthPerUnit(ClassHistogram before, int units) {
        return (liveBytes - before.liveBytes) / units;
    }

    /** The {@code top} classes by growth in bytes since {@code before}, as bytes and instances per unit. */
    Map<String, String> growthPerUnit(ClassHistogram before, int units, int top) {
        Map<String, String> growth = new LinkedHashMap<>();
        classes.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - before.classes.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - before.classes.getOrDefault(e.getKey(), new long[2])[1]}))
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(top)
                .forEach(e -> growth.put(e.getKey(), String.format(Locale.ROOT, "%.0f bytes, %.1f instances",
                        e.getValue()[1] / (double) units, e.getValue()[0] / (double) units)));
        return growth;
    }
}
