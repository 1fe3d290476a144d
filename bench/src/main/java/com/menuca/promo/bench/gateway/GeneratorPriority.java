package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers the load generator's CPU priority (its nice value) below the stack's. The benchmark's clients
 * and writer share the machine's two cores with the stack they measure; in production they are other
 * machines. At equal priority the scheduler shares a contended core between the clients' threads and
 * the stack's collector and stream threads alike, so a pause of the stack lasts as long as the clients'
 * work beside it. With the generator niced, the stack is served first and the generator takes what is
 * left; the clients still stamp each frame when they read it, so whatever time a frame waits for its
 * client to get a core is still in its latency.
 *
 * <p>Linux keeps a nice value per thread and a new thread starts with its creator's: every thread of
 * this JVM is reniced, and the threads it starts later inherit the value. The stack, a process started
 * before, keeps its own. An unprivileged user may raise a nice value, never lower it.
 */
final class GeneratorPriority {
    private GeneratorPriority() {
    }

    /**
     * Sets every thread of this JVM to {@code niceness} and reports what the generator and the stack run
     * at, read back from {@code /proc}.
     */
    static Map<String, Object> lower(int niceness, long stackPid) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("renice", "-n", String.valueOf(niceness), "-p"));
        command.addAll(tasks(ProcessHandle.current().pid()));
        Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(renice.getInputStream().readAllBytes());
        // a thread that ended between the listing and renice makes it fail for that thread only
        if (renice.waitFor() != 0 && nice(ProcessHandle.current().pid()) != niceness) {
            throw new IOException("renice failed: " + output.strip());
        }
        Map<String, Object> priority = new LinkedHashMap<>();
        priority.put("generator_nice", nice(ProcessHandle.current().pid()));
        priority.put("stack_nice", nice(stackPid));
        return priority;
    }

    private static List<String> tasks(long pid) throws IOException {
        List<String> tids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            tasks.forEach(task -> tids.add(task.getFileName().toString()));
        }
        return tids;
    }

    /** The nice value of {@code pid}'s main thread: field 19 of {@code /proc/<pid>/stat}. */
    static int nice(long pid) throws IOException {
        return niceOf(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    }

    /** Field 19 of a {@code stat} line; the name (field 2) may hold spaces and parentheses, so fields count from its last ')'. */
    static int niceOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
