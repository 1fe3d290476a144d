package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack JVM's live objects by class ({@code jcmd GC.class_histogram}, which collects first):
 * taken before and after connecting, it says which classes the heap per connection is made of; at a
 * soak's start and end, which classes the live heap grew by.
 */
final class ClassHistogram {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

    private ClassHistogram() {
    }

    /** Instances and bytes by class name. */
    static Map<String, long[]> read(DevProcess dev) throws IOException, InterruptedException {
        Map<String, long[]> classes = new HashMap<>();
        Matcher m = ROW.matcher(dev.jcmd("GC.class_histogram"));
        while (m.find()) {
            classes.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        return classes;
    }

    /** The {@code top} classes by growth in bytes, as bytes and instances per unit (per connection). */
    static Map<String, String> growthPerUnit(Map<String, long[]> before, Map<String, long[]> after, int units, int top) {
        Map<String, String> growth = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[] {
                        e.getValue()[0] - before.getOrDefault(e.getKey(), new long[2])[0],
                        e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]}))
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(top)
                .forEach(e -> growth.put(e.getKey(), String.format(java.util.Locale.ROOT, "%.0f bytes, %.1f instances",
                        e.getValue()[1] / (double) units, e.getValue()[0] / (double) units)));
        return growth;
    }
}
