package com.menuca.promo.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.infra.testing.JsonLinesProcess;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private final JsonLinesProcess node;
    private final AtomicInteger ids = new AtomicInteger();

    private NodeRealtimeClient(JsonLinesProcess node) {
        this.node = node;
    }

    /** Starts the driver; fails with what to do when node_modules is missing. */
    public static NodeRealtimeClient start() throws IOException {
        if (!Files.isDirectory(JS_DIR.resolve("node_modules/@supabase/realtime-js"))) {
            throw new IllegalStateException("The real-client test needs @supabase/realtime-js in " + JS_DIR
                    + ": run the tests with mvn verify, whose generate-test-resources phase installs it (setup/npm-ci.sh)");
        }
        NodeRealtimeClient client = new NodeRealtimeClient(JsonLinesProcess.start("node realtime-js",
                new ProcessBuilder("node", "client-driver.mjs").directory(JS_DIR.toFile())));
        client.await(e -> e.path("ev").asText().equals("ready"), Duration.ofSeconds(30));
        return client;
    }

    public void send(ObjectNode command) {
        node.send(command);
    }

    public static ObjectNode command(String cmd) {
        return JsonLinesProcess.command(cmd);
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

    /** A presence binding ({@code sync}, {@code join} or {@code leave}): each callback is reported with presenceState(). */
    public static ObjectNode presence(String event) {
        ObjectNode binding = Json.mapper().createObjectNode();
        binding.put("type", "presence").put("event", event);
        return binding;
    }

    public void subscribe(String client, String name, String channel, boolean resume, ObjectNode... bindings) {
        subscribe(client, name, channel, null, resume, bindings);
    }

    /**
     * Subscribes with the channel's {@code config} as given to {@code client.channel(name, {config})}
     * ({@code broadcast: {self, ack}}, {@code presence: {key}}); null for none.
     */
    public void subscribe(String client, String name, String channel, ObjectNode config, boolean resume,
                          ObjectNode... bindings) {
        ObjectNode cmd = command("subscribe");
        cmd.put("client", client).put("name", name).put("channel", channel).put("resume", resume);
        if (config != null) {
            cmd.set("config", config);
        }
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

    /** Subscribes with a channel config and waits for SUBSCRIBED. */
    public void subscribed(String client, String name, String channel, ObjectNode config, ObjectNode... bindings) {
        int from = size();
        subscribe(client, name, channel, config, false, bindings);
        JsonNode status = await(from, e -> e.path("ev").asText().equals("status") && e.path("name").asText().equals(name),
                Duration.ofSeconds(30));
        if (!status.path("status").asText().equals("SUBSCRIBED")) {
            throw new AssertionError("subscribe " + name + " to " + channel + ": " + status);
        }
    }

    /** Runs a command that answers with {@code done} and returns its result. */
    public JsonNode call(ObjectNode cmd, Duration timeout) {
        String id = "c" + ids.incrementAndGet();
        cmd.put("id", id);
        int from = size();
        send(cmd);
        return await(from, e -> e.path("ev").asText().equals("done") && e.path("id").asText().equals(id), timeout)
                .path("result");
    }

    /** {@code channel.send({type: 'broadcast', event, payload})}: what it resolves ("ok", "error", "timed out"). */
    public String broadcast(String client, String name, String event, JsonNode payload) {
        ObjectNode cmd = command("send");
        cmd.put("client", client).put("name", name).put("event", event).set("payload", payload);
        return call(cmd, Duration.ofSeconds(30)).asText();
    }

    /** {@code channel.send} of an ArrayBuffer payload (a binary kind 3 push under vsn 2.0.0). */
    public String broadcastBinary(String client, String name, String event, byte[] payload) {
        ObjectNode cmd = command("send");
        cmd.put("client", client).put("name", name).put("event", event)
                .put("binary", java.util.Base64.getEncoder().encodeToString(payload));
        return call(cmd, Duration.ofSeconds(30)).asText();
    }

    /** {@code channel.track(payload)}: what it resolves. */
    public String track(String client, String name, JsonNode payload) {
        ObjectNode cmd = command("track");
        cmd.put("client", client).put("name", name).set("payload", payload);
        return call(cmd, Duration.ofSeconds(30)).asText();
    }

    /** {@code channel.untrack()}: what it resolves. */
    public String untrack(String client, String name) {
        ObjectNode cmd = command("untrack");
        cmd.put("client", client).put("name", name);
        return call(cmd, Duration.ofSeconds(30)).asText();
    }

    /** {@code channel.presenceState()} now. */
    public JsonNode presenceState(String client, String name) {
        ObjectNode cmd = command("presenceState");
        cmd.put("client", client).put("name", name);
        return call(cmd, Duration.ofSeconds(10));
    }

    public void setAuth(String client, String token) {
        ObjectNode cmd = command("setAuth");
        String id = "c" + ids.incrementAndGet();
        cmd.put("client", client).put("token", token).put("id", id);
        send(cmd);
        await(e -> e.path("ev").asText().equals("done") && e.path("id").asText().equals(id), Duration.ofSeconds(10));
    }

    public int size() {
        return node.size();
    }

    public List<JsonNode> events() {
        return node.events();
    }

    /** Events of a subscription of one kind ({@code change}, {@code broadcast}, {@code status}, {@code system}). */
    public List<JsonNode> events(String name, String kind) {
        return node.events(ofSubscription(name, kind));
    }

    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        return await(0, match, timeout);
    }

    /** Waits for the first event at index {@code from} or later that matches. */
    public JsonNode await(int from, Predicate<JsonNode> match, Duration timeout) {
        return node.await(from, match, timeout);
    }

    /** Waits until {@code count} events of the subscription and kind have arrived; returns them. */
    public List<JsonNode> awaitCount(String name, String kind, int count, Duration timeout) {
        return node.awaitCount(ofSubscription(name, kind), count, timeout);
    }

    private static Predicate<JsonNode> ofSubscription(String name, String kind) {
        return e -> e.path("ev").asText().equals(kind) && e.path("name").asText().equals(name);
    }

    @Override
    public void close() {
        node.close();
    }
}
