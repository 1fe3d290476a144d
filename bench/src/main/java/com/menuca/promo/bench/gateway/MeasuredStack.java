package com.menuca.promo.bench.gateway;

import com.menuca.promo.infra.process.JavaCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The stack a gateway benchmark measures, in JVMs of its own: either {@code promo dev} (everything in one
 * JVM, {@link DevProcess}) or the services apart as they are deployed ({@link ServicesApart}). What a
 * connection holds is read in the gateway's JVM ({@link #pid()}); CPU, JIT work and thread roles over every
 * JVM of the stack ({@link #pids()}).
 */
abstract class MeasuredStack implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern HEAP_RANGE = Pattern.compile("\\[(0x[0-9a-f]+(?:,\\s*0x[0-9a-f]+)+)\\s*\\)");

    /** The heap's reserved address range, {@code [from, to)}; empty when jcmd does not say; null before the first read. */
    private long[] heapRange;

    abstract String jdbcUrl();

    abstract String user();

    abstract String password();

    /** {@code ws://127.0.0.1:<port>/realtime/v1/websocket}. */
    abstract String websocketUrl();

    /** {@code http://127.0.0.1:<ops port>}: the gateway's /health, /ready and /metrics (in promo dev, the whole stack's). */
    abstract String opsUrl();

    /** Where the stream processor's meters are: {@code <url>/metrics}. */
    abstract String processorMetricsUrl();

    /** The JVM that runs the gateway: memory per connection, class histograms and flight recordings are read there. */
    abstract long pid();

    /** Every JVM of the stack (the gateway's among them) by name: CPU and JIT work are summed over these. */
    abstract Map<String, Long> jvms();

    final List<Long> pids() {
        return List.copyOf(jvms().values());
    }

    /** How the stack runs, for the result file. */
    abstract String describe();

    /** The JVM options of each of the stack's JVMs, by name, for the result file. */
    abstract Object jvmOptions();

    @Override
    public abstract void close() throws InterruptedException;

    /**
     * A JVM's options: the benchmark's own with the heap set to {@code heap}, then {@code extra}
     * (--stack-java-options), last, so that an {@code -Xmx} among them wins: the JVM takes the last of each.
     */
    static List<String> withHeap(JavaCommand java, String heap, List<String> extra) {
        List<String> options = new ArrayList<>(java.withHeap(heap).jvmOptions());
        options.addAll(extra);
        return options;
    }

    /** Heap in use right after a full GC of the gateway's JVM, in bytes. */
    final long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        var matcher = HEAP_USED.matcher(info);
        if (!matcher.find()) {
            throw new IllegalStateException("cannot read heap use from jcmd GC.heap_info: " + info);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }

    /**
     * How much of the gateway JVM's heap is resident, in bytes: the {@code Rss} of the heap's mappings in
     * {@code /proc/<pid>/smaps}, the heap's address range from {@code jcmd GC.heap_info}. The heap the
     * JVM has committed is not all resident, so resident memory minus committed heap is not what lives
     * outside the heap; this is. -1 where either is unavailable.
     */
    final long heapResidentBytes() throws IOException, InterruptedException {
        if (heapRange == null) {
            // reserved once at start, so read once: jcmd starts a JVM of its own, too costly for every sample
            heapRange = heapRange(jcmd("GC.heap_info"));
        }
        return heapRange.length == 2 ? StackMemory.residentWithin(pid(), heapRange[0], heapRange[1]) : -1;
    }

    /**
     * The heap's reserved address range {@code [from, to)} from {@code jcmd GC.heap_info}, whichever
     * collector prints it: one range for G1 and Shenandoah, one per generation for the parallel and
     * serial collectors (their union: the generations lie side by side); empty when it names none (ZGC).
     * A range is {@code [start, end)} or {@code [start, top, end)}.
     */
    static long[] heapRange(String heapInfo) {
        var range = HEAP_RANGE.matcher(heapInfo);
        long from = -1;
        long to = -1;
        while (range.find()) {
            String[] addresses = range.group(1).split(",\\s*");
            long start = Long.parseUnsignedLong(addresses[0].substring(2), 16);
            long end = Long.parseUnsignedLong(addresses[addresses.length - 1].substring(2), 16);
            from = from < 0 ? start : Math.min(from, start);
            to = Math.max(to, end);
        }
        return from < 0 ? new long[0] : new long[] {from, to};
    }

    /**
     * Methods waiting for the JIT compilers of every JVM of the stack ({@code jcmd Compiler.queue}): what
     * the stack still runs at a lower tier than it will, which the compiler threads' CPU alone does not tell.
     */
    final long compileQueueLength() throws IOException, InterruptedException {
        long queued = 0;
        for (long pid : pids()) {
            queued += Jcmd.run(pid, "Compiler.queue").lines().filter(line -> line.matches("^\\d+\\s.*")).count();
        }
        return queued;
    }

    /** Runs a diagnostic command in the gateway's JVM ({@code jcmd <pid> command arguments...}); returns its output. */
    final String jcmd(String command, String... arguments) throws IOException, InterruptedException {
        return Jcmd.run(pid(), command, arguments);
    }

    /** CPU time (user + system) of every JVM of the stack so far, in seconds; -1 where /proc is not available. */
    final double cpuSeconds() {
        double total = 0;
        for (long pid : pids()) {
            double seconds = ProcessCpu.seconds(pid);
            if (seconds < 0) {
                return -1;
            }
            total += seconds;
        }
        return total;
    }
}
