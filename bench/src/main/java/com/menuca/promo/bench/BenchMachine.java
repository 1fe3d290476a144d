package com.menuca.promo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a benchmark ran on, written into every result so numbers are never read without context: cores,
 * memory, CPU model, operating system and JVM. What PostgreSQL and Kafka ran as is each benchmark's to
 * say (it knows whether it turned fsync on).
 */
public final class BenchMachine {
    private BenchMachine() {
    }

    public static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_mb", memInfoMegabytes("MemTotal").orElse(null));
        machine.put("cpu_model", cpuInfo("model name").orElse(System.getProperty("os.arch")));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + osRelease().map(r -> " (" + r + ")").orElse(""));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version",
                System.getProperty("java.version")) + " (" + System.getProperty("java.vm.vendor") + ")");
        machine.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return machine;
    }

    private static Optional<Long> memInfoMegabytes(String field) {
        return procField(Path.of("/proc/meminfo"), field).map(v -> Long.parseLong(v.replace("kB", "").trim()) / 1024);
    }

    private static Optional<String> cpuInfo(String field) {
        return procField(Path.of("/proc/cpuinfo"), field);
    }

    private static Optional<String> osRelease() {
        return procField(Path.of("/etc/os-release"), "PRETTY_NAME").map(v -> v.replace("=", "").replace("\"", "").trim());
    }

    /** The first {@code field: value} (or {@code field=value}) line of a Linux info file. */
    private static Optional<String> procField(Path file, String field) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(line -> line.startsWith(field)).findFirst()
                    .map(line -> line.substring(field.length()).replaceFirst("^\\s*[:=]?", "").trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
