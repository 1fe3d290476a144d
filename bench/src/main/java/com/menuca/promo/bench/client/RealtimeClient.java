package com.menuca.promo.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Supabase Realtime client of the gateway (protocol {@code vsn=1.0.0}: one JSON object per frame),
 * as supabase-js behaves: connects with a token, joins one channel with a {@code postgres_changes}
 * binding for inserts into {@code coupon_usage_log} of one coupon, sends heartbeats, and notes when
 * each row arrived.
 */
public final class RealtimeClient implements AutoCloseable {
    private final WebSocket socket;
    private final Arrivals arrivals = new Arrivals();
    private final AtomicInteger ref = new AtomicInteger();
    private final CompletableFuture<JsonNode> joined = new CompletableFuture<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "realtime-client-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /** Connects and joins; returns once the gateway replied ok to the join (the subscription is live then). */
    public RealtimeClient(int gatewayPort, String token, long couponId) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + gatewayPort + "/realtime/v1/websocket?apikey=" + token
                        + "&vsn=1.0.0"), new TextFrames(this::onMessage))
                .join();
        ObjectNode binding = Json.mapper().createObjectNode()
                .put("event", "INSERT").put("schema", CdcTable.SCHEMA)
                .put("table", CdcTable.COUPON_USAGE_LOG.tableName()).put("filter", "coupon_id=eq." + couponId);
        ObjectNode payload = Json.mapper().createObjectNode();
        ObjectNode config = payload.putObject("config");
        config.putObject("broadcast").put("ack", false).put("self", false);
        config.putObject("presence").put("key", "").put("enabled", false);
        ArrayNode changes = config.putArray("postgres_changes");
        changes.add(binding);
        config.put("private", false);
        payload.put("access_token", token);
        String joinRef = String.valueOf(ref.incrementAndGet());
        send("realtime:bench", "phx_join", payload, joinRef, joinRef);
        JsonNode reply = joined.orTimeout(60, TimeUnit.SECONDS).join();
        if (!"ok".equals(reply.path("status").asText())) {
            throw new IllegalStateException("gateway refused the join: " + reply);
        }
        heartbeat.scheduleAtFixedRate(() -> send("phoenix", "heartbeat", Json.mapper().createObjectNode(),
                String.valueOf(ref.incrementAndGet()), null), 25, 25, TimeUnit.SECONDS);
    }

    private synchronized void send(String topic, String event, JsonNode payload, String messageRef, String joinRef) {
        ObjectNode message = Json.mapper().createObjectNode().put("topic", topic).put("event", event).put("ref", messageRef);
        message.put("join_ref", joinRef);
        message.set("payload", payload);
        socket.sendText(message.toString(), true).join();
    }

    private void onMessage(String text) {
        long now = System.nanoTime();
        JsonNode message;
        try {
            message = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("gateway sent something that is not JSON: " + text, e);
        }
        String event = message.path("event").asText();
        if ("postgres_changes".equals(event)) {
            JsonNode data = message.path("payload").path("data");
            arrivals.record(data.path("record").path("order_id").asLong(), now);
        } else if ("phx_reply".equals(event) && "realtime:bench".equals(message.path("topic").asText())) {
            joined.complete(message.path("payload"));
        }
    }

    public Arrivals arrivals() {
        return arrivals;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
