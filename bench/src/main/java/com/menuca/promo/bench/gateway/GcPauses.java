package com.menuca.promo.bench.gateway;

import com.menuca.promo.bench.BenchResults;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's stop-the-world collections so far, by collector ("G1 young collection pauses", "PSScavenge"...),
 * from its own performance counters ({@code jcmd <pid> PerfCounter.print}): the same figures for any JVM
 * on the machine, the broker's and the load generator's included, which export no metrics of their own
 * to the benchmark. Read at the start and end of a phase, the difference says which JVM stopped how often
 * and for how long.
 */
record GcPauses(Map<String, long[]> byCollector, long ticksPerSecond) {
    private static final Pattern COUNTER = Pattern.compile("^sun\\.gc\\.collector\\.(\\d+)\\.(name|invocations|time)=(.*)$");
    private static final Pattern FREQUENCY = Pattern.compile("^sun\\.os\\.hrt\\.frequency=(\\d+)$");

    static GcPauses read(long pid) throws IOException, InterruptedException {
        return parse(Jcmd.run(pid, "PerfCounter.print"));
    }

    /** {@code PerfCounter.print}'s output: per collector its name, collections and time in ticks. */
    static GcPauses parse(String counters) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, long[]> figures = new LinkedHashMap<>();
        long frequency = 0;
        for (String line : counters.split("\n")) {
            Matcher counter = COUNTER.matcher(line.trim());
            if (counter.matches()) {
                String collector = counter.group(1);
                long[] values = figures.computeIfAbsent(collector, c -> new long[2]);
                switch (counter.group(2)) {
                    case "name" -> names.put(collector, counter.group(3).replace("\"", ""));
                    case "invocations" -> values[0] = Long.parseLong(counter.group(3));
                    default -> values[1] = Long.parseLong(counter.group(3));
                }
            }
            Matcher hrt = FREQUENCY.matcher(line.trim());
            if (hrt.matches()) {
                frequency = Long.parseLong(hrt.group(1));
            }
        }
        if (frequency == 0 || names.isEmpty()) {
            throw new IllegalArgumentException("no collector counters in PerfCounter.print's output");
        }
        Map<String, long[]> byName = new LinkedHashMap<>();
        figures.forEach((collector, values) -> byName.put(names.getOrDefault(collector, "collector " + collector), values));
        return new GcPauses(byName, frequency);
    }

    /**
     * What happened since {@code before}, per collector that ran: collections, milliseconds stopped in all,
     * and per collection.
     */
    Map<String, Object> since(GcPauses before) {
        Map<String, Object> figures = new LinkedHashMap<>();
        byCollector.forEach((name, now) -> {
            long[] then = before.byCollector().getOrDefault(name, new long[2]);
            long count = now[0] - then[0];
            if (count > 0) {
                double ms = (now[1] - then[1]) * 1000.0 / ticksPerSecond;
                Map<String, Object> collector = new LinkedHashMap<>();
                collector.put("pauses", count);
                collector.put("pause_total_ms", BenchResults.round(ms));
                collector.put("pause_mean_ms", BenchResults.round(ms / count));
                figures.put(name, collector);
            }
        });
        return figures;
    }
}
