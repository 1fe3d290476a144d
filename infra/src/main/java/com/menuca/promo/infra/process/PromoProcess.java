package com.menuca.promo.infra.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code promo} subcommand running in its own OS process, its output appended to a log file
 * (kept across restarts, so one file tells a process's whole story).
 */
public final class PromoProcess implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PromoProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    /** Where this run's output starts in the (appended) log. */
    private final long logStart;

    private PromoProcess(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts {@code promo <arguments>} with {@code environment} added to this process's environment.
     *
     * @param name a short name for messages ("capture", "broker-2")
     */
    public static PromoProcess start(String name, JavaCommand java, List<String> arguments,
                                     Map<String, String> environment, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder builder = new ProcessBuilder(java.commandLine(arguments))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        LOGGER.info("Started {} (pid {}), log {}", name, process.pid(), log);
        return new PromoProcess(name, process, log, logStart);
    }

    /** What a command that ran to completion printed on stdout, and its exit code. */
    public record Completed(int exitCode, String stdout) {
    }

    /** Runs {@code promo <arguments>} to completion; stderr (logs) goes to {@code log}. */
    public static Completed run(JavaCommand java, List<String> arguments, Map<String, String> environment, Path log,
                                Duration timeout) throws IOException, InterruptedException, TimeoutException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(java.commandLine(arguments))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new TimeoutException("promo " + String.join(" ", arguments) + " did not finish within " + timeout.toSeconds() + " s");
        }
        return new Completed(process.exitValue(), new String(stdout, StandardCharsets.UTF_8));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code of a process that ended. */
    public int exitCode() {
        return process.exitValue();
    }

    public Path log() {
        return log;
    }

    /** {@code kill -9}: the process gets no chance to flush, commit or say goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        LOGGER.info("Killed {} (pid {}) with SIGKILL", name, process.pid());
    }

    /** Sends SIGTERM without waiting. */
    public void signalTerminate() {
        process.destroy();
    }

    /** SIGTERM, then SIGKILL if it has not stopped within {@code grace}. */
    public void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            LOGGER.warn("{} (pid {}) did not stop within {} s of SIGTERM; killing it", name, process.pid(), grace.toSeconds());
            kill();
        }
    }

    /**
     * Waits until {@code url} answers 200 (a service's {@code /ready}).
     *
     * @throws IllegalStateException when the process exits first, with the end of its log
     */
    public void awaitHttpOk(URI url, Duration timeout) throws InterruptedException, TimeoutException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new TimeoutException(name + " not ready at " + url + " within " + timeout.toSeconds() + " s; log:\n" + tail());
    }

    /** Waits until a line containing {@code text} appears in this run's part of the log. */
    public void awaitLogLine(String text, Duration timeout) throws InterruptedException, TimeoutException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && thisRunsOutput().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; log:\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new TimeoutException(name + " did not log '" + text + "' within " + timeout.toSeconds() + " s; log:\n" + tail());
    }

    private String thisRunsOutput() throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(logStart, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    /** The last lines of the log, for failure messages. */
    public String tail() throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }
}
