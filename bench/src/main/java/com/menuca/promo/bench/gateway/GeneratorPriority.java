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
 * work beside it. With the clients niced, the stack is served first and the clients take what is left;
 * they still stamp each frame when they read it, so whatever time a frame waits for its client to get a
 * core is still in its latency. The writer keeps the stack's priority: niced, it fell behind its
 * schedule, and the latency from each row's intended send time (which counts a late writer against the
 * stack, to catch coordinated omission) then measured the writer's priority.
 *
 * <p>Linux keeps a nice value per thread and a new thread starts with its creator's: every thread of
 * this JVM but the calling one (the writer) is reniced, once the clients' threads exist; threads the
 * writer starts later (samplers) keep its priority. The stack, a process of its own, keeps its own. An
 * unprivileged user may raise a nice value, never lower it.
 */
final class GeneratorPriority {
    private GeneratorPriority() {
    }

    /**
     * Sets every thread of this JVM but the calling one to {@code niceness} and reports what the clients,
     * the writer and the stack run at, read back from {@code /proc}.
     */
    static Map<String, Object> lowerAllBut(Thread writer, int niceness, long stackPid)
            throws IOException, InterruptedException {
        if (writer != Thread.currentThread()) {
            throw new IllegalStateException("the writer's own thread must call this: its kernel id is read from /proc/thread-self");
        }
        Path self = Path.of("/proc/self");
        String writerTask = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        List<String> command = new ArrayList<>(List.of("renice", "-n", String.valueOf(niceness), "-p"));
        List<String> others = tasks(self);
        others.remove(writerTask);
        command.addAll(others);
        Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(renice.getInputStream().readAllBytes());
        // a thread that ended between the listing and renice makes it fail for that thread only
        int reniced = 0;
        for (String task : tasks(self)) {
            if (!task.equals(writerTask) && stat(self.resolve("task").resolve(task)) == niceness) {
                reniced++;
            }
        }
        if (renice.waitFor() != 0 && reniced == 0) {
            throw new IOException("renice failed: " + output.strip());
        }
        Map<String, Object> priority = new LinkedHashMap<>();
        priority.put("generator_threads_niced", reniced);
        priority.put("generator_nice", niceness);
        priority.put("writer_nice", stat(Path.of("/proc/thread-self")));
        priority.put("stack_nice", nice(stackPid));
        return priority;
    }

    private static List<String> tasks(Path process) throws IOException {
        List<String> tids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(process.resolve("task"))) {
            tasks.forEach(task -> tids.add(task.getFileName().toString()));
        }
        return tids;
    }

    /** The nice value of {@code pid}'s main thread: field 19 of {@code /proc/<pid>/stat}. */
    static int nice(long pid) throws IOException {
        return stat(Path.of("/proc", String.valueOf(pid)));
    }

    private static int stat(Path task) throws IOException {
        return niceOf(Files.readString(task.resolve("stat")));
    }

    /** Field 19 of a {@code stat} line; the name (field 2) may hold spaces and parentheses, so fields count from its last ')'. */
    static int niceOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
