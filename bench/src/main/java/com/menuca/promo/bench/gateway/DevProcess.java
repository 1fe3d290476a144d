package com.menuca.promo.bench.gateway;

import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.process.DevStackProcess;
import com.menuca.promo.infra.process.JavaCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code promo dev} in its own JVM, so the gateway's heap and CPU are measured apart from the
 * benchmark's clients: heap after a forced GC ({@code jcmd GC.run}, then {@code GC.heap_info}), CPU
 * from {@code /proc/<pid>/stat}.
 */
final class DevProcess implements AutoCloseable {
    private final DevStackProcess stack;
    /** The heap's reserved address range, {@code [from, to)}; empty when jcmd does not say; null before the first read. */
    private long[] heapRange;

    private DevProcess(DevStackProcess stack) {
        this.stack = stack;
    }

    /** The stack JVM's heap unless the benchmark's stack options name another. */
    static final String HEAP = "1g";

    /**
     * The stack JVM's options: the benchmark's own with the heap set to {@link #HEAP}, then {@code extra}
     * (--stack-java-options), last, so that an {@code -Xmx} among them wins: the JVM takes the last of each.
     * Until 2026-12-07 the heap was set after them and an {@code -Xmx} given there was silently dropped.
     */
    static List<String> stackOptions(JavaCommand java, List<String> extra) {
        List<String> options = new ArrayList<>(java.withHeap(HEAP).jvmOptions());
        options.addAll(extra);
        return options;
    }

    /**
     * @param java          the stack's command, its options from {@link #stackOptions}
     * @param withProcessor also run the stream processor in the stack (it competes with the gateway for the cores)
     */
    static DevProcess start(JavaCommand java, Path home, boolean withProcessor) throws Exception {
        return start(java, home, withProcessor, Map.of());
    }

    /** @param environment more settings of the stack ({@code PROMO_...} variables) */
    static DevProcess start(JavaCommand java, Path home, boolean withProcessor, Map<String, String> environment)
            throws Exception {
        int httpPort = FreePort.find();
        return new DevProcess(DevStackProcess.start(java, home, List.of("--pg-port", "0", "--kafka-port", "0",
                "--http-port", String.valueOf(httpPort)), env(withProcessor, environment), Duration.ofMinutes(4)));
    }

    /**
     * Every client connects from 127.0.0.1, many with one token: the per-IP and per-token caps are raised
     * for the benchmark (settings, as an operator would behind a proxy), the defaults stay as they are.
     */
    private static Map<String, String> env(boolean withProcessor, Map<String, String> environment) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PROMO_GATEWAY_MAX_CONNECTIONS_PER_TOKEN", "100000",
                "PROMO_GATEWAY_MAX_CONNECTIONS_PER_IP", "100000", "PROMO_DEV_PROCESSOR", String.valueOf(withProcessor),
                // free ops and processor query ports: with --http-port given, promo dev would take the default ones
                "PROMO_GATEWAY_OPS_PORT", String.valueOf(FreePort.find()),
                "PROMO_PROCESSOR_HTTP_PORT", String.valueOf(FreePort.find())));
        env.putAll(environment);
        return env;
    }

    String jdbcUrl() {
        return stack.jdbcUrl();
    }

    String user() {
        return stack.user();
    }

    String password() {
        return stack.password();
    }

    /** {@code http://127.0.0.1:<port>}: the gateway's REST and static files. */
    String httpUrl() {
        return stack.httpUrl();
    }

    /** {@code http://127.0.0.1:<ops port>}: /health, /ready and /metrics of the stack. */
    String opsUrl() {
        return stack.opsUrl();
    }

    /** {@code ws://127.0.0.1:<port>/realtime/v1/websocket}. */
    String websocketUrl() {
        return stack.websocketUrl();
    }

    long pid() {
        return stack.process().pid();
    }

    /** Heap in use right after a full GC of the dev JVM, in bytes. */
    long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        var matcher = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        if (!matcher.find()) {
            throw new IllegalStateException("cannot read heap use from jcmd GC.heap_info: " + info);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }

    /**
     * How much of the Java heap is resident, in bytes: the {@code Rss} of the heap's mappings in
     * {@code /proc/<pid>/smaps}, the heap's address range from {@code jcmd GC.heap_info}. The heap the
     * JVM has committed is not all resident, so resident memory minus committed heap is not what lives
     * outside the heap; this is. -1 where either is unavailable.
     */
    long heapResidentBytes() throws IOException, InterruptedException {
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
        var range = java.util.regex.Pattern.compile("\\[(0x[0-9a-f]+(?:,\\s*0x[0-9a-f]+)+)\\s*\\)").matcher(heapInfo);
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
     * Methods waiting for the JIT compilers ({@code jcmd Compiler.queue}): what the stack still runs at a
     * lower tier than it will, which the compiler threads' CPU alone does not tell.
     */
    long compileQueueLength() throws IOException, InterruptedException {
        return jcmd("Compiler.queue").lines().filter(line -> line.matches("^\\d+\\s.*")).count();
    }

    /** Runs a diagnostic command in the dev JVM ({@code jcmd <pid> command arguments...}); returns its output. */
    String jcmd(String command, String... arguments) throws IOException, InterruptedException {
        return Jcmd.run(pid(), command, arguments);
    }

    /** CPU time (user + system) of the dev JVM so far, in seconds; -1 where /proc is not available. */
    double cpuSeconds() {
        return ProcessCpu.seconds(pid());
    }

    @Override
    public void close() throws InterruptedException {
        stack.close();
    }
}
