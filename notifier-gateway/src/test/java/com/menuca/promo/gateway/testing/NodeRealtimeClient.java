package com.menuca.promo.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The real client: {@code node client-driver.mjs} running {@code @supabase/realtime-js@2.109.0} over
 * {@code ws}. Commands go to its stdin as JSON lines; what the client sees comes back as JSON lines
 * and is kept, in order, for assertions.
 */
public final class NodeRealtimeClient implements AutoCloseable {
    /** Where the driver and its package.json live ({@code mvn verify} installs them: setup/npm-ci.sh). */
    public static final Path JS_DIR = Path.of("src", "test", "js").toAbsolutePath();

    private final Process process;
    private final Writer stdin;
    private final List<JsonNode> events = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private NodeRealtimeClient(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> read(process.getInputStream(), true), "node-stdout");
        Thread err = new Thread(() -> read(process.getErrorStream(), false), "node-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Starts the driver; fails with what to do when node_modules is missing. */
    public static NodeRealtimeClient start() throws IOException {
        if (!Files.isDirectory(JS_DIR.resolve("node_modules/@supabase/realtime-js"))) {
            throw new IllegalStateException("The real-client test needs @supabase/realtime-js in " + JS_DIR
                    + ": run the tests with mvn verify, whose generate-test-resources phase installs it (setup/npm-ci.sh)");
        }
        Process process = new ProcessBuilder("node", "client-driver.mjs").directory(JS_DIR.toFile()).start();
        NodeRealtimeClient client = new NodeRealtimeClient(process);
        client.await(e -> e.path("ev").asText().equals("ready"), Duration.ofSeconds(30));
        return client;
    }

    private void read(java.io.InputStream stream, boolean json) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    if (json) {
                        try {
                            events.add(Json.mapper().readTree(line));
                        } catch (IOException e) {
                            stderr.add("unparseable stdout line: " + line);
                        }
                    } else {
                        stderr.add(line);
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // process ended
        }
    }

    public void send(ObjectNode command) {
        try {
            stdin.write(Json.mapper().writeValueAsString(command) + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("node driver is gone; stderr: " + stderr, e);
        }
    }

    public static ObjectNode command(String cmd) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("cmd", cmd);
        return node;
    }

    public void connect(String client, String url, String token, String vsn) {
        ObjectNode cmd = command("connect");
        cmd.put("client", client).put("url", url).put("token", token).put("vsn", vsn);
        send(cmd);
    }

    /** A postgres_changes binding; {@code filter} may be null. */
    public static ObjectNode changes(String event, String table, String filter) {
        ObjectNode binding = Json.mapper().createObjectNode();
        binding.put("type", "postgres_changes").put("event", event).put("schema", "menuca_v3").put("table", table);
        if (filter != null) {
            binding.put("filter", filter);
        }
        return binding;
    }

    public static ObjectNode broadcast(String event) {
        ObjectNode binding = Json.mapper().createObjectNode();
        binding.put("type", "broadcast").put("event", event);
        return binding;
    }

    public void subscribe(String client, String name, String channel, boolean resume, ObjectNode... bindings) {
        ObjectNode cmd = command("subscribe");
        cmd.put("client", client).put("name", name).put("channel", channel).put("resume", resume);
        var array = cmd.putArray("bindings");
        for (ObjectNode binding : bindings) {
            array.add(binding);
        }
        send(cmd);
    }

    /** Subscribes and waits for SUBSCRIBED, failing with the client's error otherwise. */
    public void subscribed(String client, String name, String channel, boolean resume, ObjectNode... bindings) {
        int from = size();
        subscribe(client, name, channel, resume, bindings);
        JsonNode status = await(from, e -> e.path("ev").asText().equals("status") && e.path("name").asText().equals(name),
                Duration.ofSeconds(30));
        if (!status.path("status").asText().equals("SUBSCRIBED")) {
            throw new AssertionError("subscribe " + name + " to " + channel + ": " + status);
        }
    }

    public void setAuth(String client, String token) {
        ObjectNode cmd = command("setAuth");
        String id = "c" + ids.incrementAndGet();
        cmd.put("client", client).put("token", token).put("id", id);
        send(cmd);
        await(e -> e.path("ev").asText().equals("done") && e.path("id").asText().equals(id), Duration.ofSeconds(10));
    }

    public synchronized int size() {
        return events.size();
    }

    public synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    /** Events of a subscription of one kind ({@code change}, {@code broadcast}, {@code status}, {@code system}). */
    public synchronized List<JsonNode> events(String name, String kind) {
        return events.stream().filter(e -> e.path("ev").asText().equals(kind) && e.path("name").asText().equals(name))
                .toList();
    }

    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        return await(0, match, timeout);
    }

    /** Waits for the first event at index {@code from} or later that matches. */
    public synchronized JsonNode await(int from, Predicate<JsonNode> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (match.test(events.get(i))) {
                    return events.get(i);
                }
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0 || !process.isAlive() && from >= events.size()) {
                throw new AssertionError("no matching event within " + timeout.toSeconds() + " s; events: " + events
                        + "; stderr: " + stderr);
            }
            try {
                wait(Math.min(left, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /** Waits until {@code count} events of the subscription and kind have arrived; returns them. */
    public List<JsonNode> awaitCount(String name, String kind, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (events(name, kind).size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " " + kind + " events on " + name + ", got "
                        + events(name, kind) + "; all: " + events() + "; stderr: " + stderr);
            }
            synchronized (this) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
        return events(name, kind);
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
