package com.menuca.promo.infra.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A child process that speaks JSON lines: commands written to its stdin, one object per line; what it
 * reports read from its stdout, one object per line, kept in order for a test to wait on and assert
 * on. Stderr lines are kept for failure messages. Node drivers of real clients are run this way.
 */
public final class JsonLinesProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> events = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();

    private JsonLinesProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> read(process.getInputStream(), true), name + "-stdout");
        Thread err = new Thread(() -> read(process.getErrorStream(), false), name + "-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Starts the process; {@code name} names it in messages. */
    public static JsonLinesProcess start(String name, ProcessBuilder builder) throws IOException {
        return new JsonLinesProcess(name, builder.start());
    }

    private void read(InputStream stream, boolean json) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    if (!json) {
                        stderr.add(line);
                    } else {
                        try {
                            events.add(JSON.readTree(line));
                        } catch (IOException e) {
                            stderr.add("(stdout, not JSON) " + line);
                        }
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public static ObjectNode command(String cmd) {
        return JSON.createObjectNode().put("cmd", cmd);
    }

    public void send(ObjectNode command) {
        try {
            synchronized (stdin) {
                stdin.write(JSON.writeValueAsString(command) + "\n");
                stdin.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is gone; stderr: " + stderrText(), e);
        }
    }

    public synchronized int size() {
        return events.size();
    }

    public synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    /** Every event that matches, in arrival order. */
    public synchronized List<JsonNode> events(Predicate<JsonNode> match) {
        return events.stream().filter(match).toList();
    }

    /** The first event at index {@code from} or later that matches, waiting up to {@code timeout} for it. */
    public synchronized JsonNode await(int from, Predicate<JsonNode> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (match.test(events.get(i))) {
                    return events.get(i);
                }
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0 || !process.isAlive()) {
                throw new AssertionError(name + ": no matching event within " + timeout.toSeconds() + " s"
                        + (process.isAlive() ? "" : " (the process exited)") + "; last events: " + tail() + "; stderr: "
                        + stderrText());
            }
            waitQuietly(Math.min(left, 200));
        }
    }

    /** Waits until at least {@code count} events match; returns all that match. */
    public synchronized List<JsonNode> awaitCount(Predicate<JsonNode> match, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<JsonNode> matching = events(match);
            if (matching.size() >= count) {
                return matching;
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0 || !process.isAlive()) {
                throw new AssertionError(name + ": " + matching.size() + " of " + count + " expected events within "
                        + timeout.toSeconds() + " s: " + matching + "; last events: " + tail() + "; stderr: " + stderrText());
            }
            waitQuietly(Math.min(left, 200));
        }
    }

    private void waitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    private List<JsonNode> tail() {
        return events.subList(Math.max(0, events.size() - 30), events.size());
    }

    public synchronized String stderrText() {
        return String.join("\n", stderr.subList(Math.max(0, stderr.size() - 40), stderr.size()));
    }

    @Override
    public void close() {
        try {
            send(command("exit"));
        } catch (RuntimeException e) {
            // already gone
        }
        process.destroy();
    }
}
