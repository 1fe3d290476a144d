package com.menuca.promo.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a benchmark ran on, written into every result so numbers are never read without context. */
public final class BenchMachine {
    private BenchMachine() {
    }

    public static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        machine.put("postgres", "embedded PostgreSQL 17 (zonky), fsync=off: commit rates are higher than on a durable server");
        machine.put("kafka", "in-process single KRaft broker, same JVM");
        return machine;
    }
}
