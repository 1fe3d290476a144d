package com.menuca.promo.bench.gateway;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * CPU time of another JVM's threads, by role, from {@code /proc/<pid>/task/<tid>/stat} (Linux): the
 * kernel's thread name is the Java thread name cut to 15 characters, so the gateway's named threads
 * ({@code gateway-io-*}, {@code gateway-feed}) can be told from the Kafka broker, the capture and the
 * garbage collector in the same process; so can the stream processor's, the capture's and the embedded
 * broker's. A Kafka client's sender ({@code kafka-producer-network-thread | <client id>}) loses its
 * owner's name in the cut and counts as other. CPU-seconds do not depend on how busy the machine is,
 * which makes them the figure to compare between runs on a shared machine.
 */
public final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100.0;

    /** The roles threads are added up by. */
    public enum Role {
        GATEWAY_IO, GATEWAY_FEED, GATEWAY_OTHER, PROCESSOR, CAPTURE, BROKER, GC, JIT, OTHER;

        /** The embedded Kafka broker's threads, by the start of their names (cut to 15 characters in /proc). */
        private static final Pattern BROKER_THREAD = Pattern.compile(
                "(data-plane-kafk|kafka-\\d|group-coordinat|TxnMarkerSender|AddPartitionsTo|ExpirationReape|broker-"
                        + "|controller-|quorum-controll|transaction-log|share-).*");

        static Role of(String threadName) {
            if (threadName.startsWith("gateway-io")) {
                return GATEWAY_IO;
            }
            if (threadName.startsWith("gateway-feed")) {
                return GATEWAY_FEED;
            }
            if (threadName.startsWith("gateway-")) {
                return GATEWAY_OTHER;
            }
            if (threadName.startsWith("promo-processor")) {
                return PROCESSOR;
            }
            if (threadName.startsWith("debezium-")) {
                return CAPTURE;
            }
            if (BROKER_THREAD.matcher(threadName).matches()) {
                return BROKER;
            }
            if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")
                    || threadName.startsWith("ZWorker") || threadName.startsWith("ZDriver") || threadName.startsWith("Shenandoah")
                    || threadName.startsWith("VM Periodic")) {
                return GC;
            }
            if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
                return JIT;
            }
            return OTHER;
        }
    }

    private ThreadCpu() {
    }

    /** CPU-seconds per role of every thread of {@code pid} alive now (threads that ended are not counted). */
    public static Map<Role, Double> byRole(long pid) {
        return read(pid, (task, stat) -> ticks(stat[11]) + ticks(stat[12]));
    }

    /** The part of {@link #byRole} spent in the kernel (system calls: for sockets, the loopback TCP stack). */
    static Map<Role, Double> kernelByRole(long pid) {
        return read(pid, (task, stat) -> ticks(stat[12]));
    }

    /**
     * Seconds per role that threads of {@code pid} were ready to run but waited for a CPU (the second
     * field of {@code /proc/<pid>/task/<tid>/schedstat}). On a machine with more runnable threads than
     * cores the scheduler shares the cores between threads, not between services: a service whose work
     * is on one thread (a stream thread) gets a thread's share however much it has to do, and this
     * shows how much longer its work waited than it ran.
     */
    static Map<Role, Double> waitingByRole(long pid) {
        return read(pid, (task, stat) -> Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]) / 1e9);
    }

    /**
     * Reads one figure of every thread, in seconds, from its task directory and the fields of its
     * {@code stat} line after the name (the state is {@code stat[0]}).
     */
    private interface TaskFigure {
        double seconds(Path task, String[] stat) throws IOException;
    }

    private static double ticks(String field) {
        return Long.parseLong(field) / TICKS_PER_SECOND;
    }

    private static Map<Role, Double> read(long pid, TaskFigure figure) {
        Map<Role, Double> seconds = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    seconds.merge(Role.of(name), figure.seconds(task, fields), Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return seconds;
    }

    /** One of the figures above ({@code ThreadCpu::byRole}...) for several processes, summed per role. */
    static Map<Role, Double> summed(List<Long> pids, Function<Long, Map<Role, Double>> figure) {
        Map<Role, Double> sum = new HashMap<>();
        for (long pid : pids) {
            figure.apply(pid).forEach((role, seconds) -> sum.merge(role, seconds, Double::sum));
        }
        return sum;
    }

    /** {@code to - from} per role. */
    public static Map<Role, Double> between(Map<Role, Double> from, Map<Role, Double> to) {
        Map<Role, Double> delta = new HashMap<>();
        for (Role role : Role.values()) {
            delta.put(role, Math.max(0, to.getOrDefault(role, 0.0) - from.getOrDefault(role, 0.0)));
        }
        return delta;
    }
}
