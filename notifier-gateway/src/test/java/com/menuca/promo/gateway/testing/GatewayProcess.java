package com.menuca.promo.gateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a JVM of its own (configured as {@code promo dev} is, on a stack's Kafka), so a test can
 * kill it with SIGKILL: nothing of it runs after, no shutdown hook, no goodbye written to Kafka.
 * {@link #main} is what the child runs: it starts the gateway and prints {@code port=N} once it serves.
 */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private GatewayProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a gateway JVM and waits until it serves joins; its output goes to {@code log}. */
    public static GatewayProcess start(String kafkaBootstrap, Map<String, String> settings, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), GatewayProcess.class.getName(), kafkaBootstrap));
        settings.forEach((key, value) -> command.add(key + "=" + value));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway process exited with " + process.exitValue() + "; see " + log);
            }
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith("port=")) {
                    return new GatewayProcess(process, Integer.parseInt(line.substring(5).trim()));
                }
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("gateway process not serving within 90 s; see " + log);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}: what supabase-js's {@code createClient} and HTTP broadcasts are given. */
    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String realtimeUrl() {
        return "ws://127.0.0.1:" + port + "/realtime/v1";
    }

    /** kill -9: the JVM ends at once. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gateway process still alive 30 s after SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The child: {@code GatewayProcess <kafka bootstrap> [key=value...]}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        TestGateway gateway = TestGateway.start(args[0], settings, false);
        System.out.println("port=" + gateway.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
