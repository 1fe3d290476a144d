package com.menuca.promo.bench.gateway;

import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.process.DevStackProcess;
import com.menuca.promo.infra.process.JavaCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code promo dev} in its own JVM, so the gateway's heap and CPU are measured apart from the
 * benchmark's clients: heap after a forced GC ({@code jcmd GC.run}, then {@code GC.heap_info}), CPU
 * from {@code /proc/<pid>/stat}.
 */
final class DevProcess extends MeasuredStack {
    private final DevStackProcess stack;
    private final List<String> options;

    private DevProcess(DevStackProcess stack, List<String> options) {
        this.stack = stack;
        this.options = List.copyOf(options);
    }

    /** The stack JVM's heap unless the benchmark's stack options name another. */
    static final String HEAP = "1g";

    /**
     * The stack JVM's options, {@link #HEAP} unless {@code extra} (--stack-java-options) names another heap.
     * Until 2026-12-07 the heap was set after them and an {@code -Xmx} given there was silently dropped.
     */
    static List<String> stackOptions(JavaCommand java, List<String> extra) {
        return withHeap(java, HEAP, extra);
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
                "--http-port", String.valueOf(httpPort)), env(withProcessor, environment), Duration.ofMinutes(4)),
                java.jvmOptions());
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

    @Override
    String jdbcUrl() {
        return stack.jdbcUrl();
    }

    @Override
    String user() {
        return stack.user();
    }

    @Override
    String password() {
        return stack.password();
    }

    /** {@code http://127.0.0.1:<ops port>}: /health, /ready and /metrics of the stack. */
    @Override
    String opsUrl() {
        return stack.opsUrl();
    }

    /** {@code ws://127.0.0.1:<port>/realtime/v1/websocket}. */
    @Override
    String websocketUrl() {
        return stack.websocketUrl();
    }

    @Override
    long pid() {
        return stack.process().pid();
    }

    @Override
    String processorMetricsUrl() {
        // one registry: the gateway's ops port serves every component's meters
        return opsUrl();
    }

    @Override
    Map<String, Long> jvms() {
        return Map.of("stack", pid());
    }

    @Override
    String describe() {
        return "promo dev: PostgreSQL 17 (fsync=off) beside one JVM with Kafka, the capture, the stream processor and the"
                + " gateway";
    }

    @Override
    Object jvmOptions() {
        return options;
    }

    @Override
    public void close() throws InterruptedException {
        stack.close();
    }
}
