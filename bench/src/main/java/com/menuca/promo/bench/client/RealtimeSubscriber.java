package com.menuca.promo.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Supabase Realtime client of the gateway (protocol {@code vsn=1.0.0}, one JSON object per frame),
 * subscribed with {@code postgres_changes} to the {@code coupon_usage_log} rows of one coupon. It
 * behaves as a resuming supabase-js client should: it keeps the latest {@code position} the gateway
 * sent and, when its socket drops, reconnects (to the next gateway of its list) and rejoins with
 * {@code config.resume = {position}}. It notes what reached it: the first arrival of each row's
 * insert, every change per row in arrival order, and any change delivered twice.
 */
public final class RealtimeSubscriber implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(RealtimeSubscriber.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Integer> gatewayPorts;
    private final String token;
    private final long couponId;
    private final String filter;
    private final String event;
    /** The channel topic on the wire ({@code realtime:<channel>}). */
    private final String topic;
    /** For a broadcast subscriber: the event name it records; null for postgres_changes. */
    private final String broadcastEvent;
    private final Arrivals inserts = new Arrivals();
    private final Map<Long, List<String>> changesByRow = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final Map<String, Integer> eventDeliveries = new ConcurrentHashMap<>();
    private final AtomicLong latestCouponTotal = new AtomicLong(-1);
    private final AtomicInteger ref = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "realtime-subscriber");
        t.setDaemon(true);
        return t;
    });
    private volatile String position;
    private volatile WebSocket socket;
    private volatile int portIndex;
    private volatile boolean closed;
    private volatile CompletableFuture<JsonNode> joined = new CompletableFuture<>();
    /** The first join reply on any connection: a first connect that fails is retried on the next gateway. */
    private final CompletableFuture<JsonNode> firstJoin = new CompletableFuture<>();

    /**
     * Connects to the first gateway of {@code gatewayPorts} and joins; returns once the join was accepted.
     *
     * @param event {@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code *}
     */
    public RealtimeSubscriber(List<Integer> gatewayPorts, String token, long couponId, String event) {
        this(gatewayPorts, token, "bench", couponId, "coupon_id=eq." + couponId, event, null);
    }

    /**
     * A subscriber of {@code coupon_usage_log} changes matching {@code filter} ({@code restaurant_id=eq.1}) that
     * records in {@link #inserts()} when each {@code order_id}'s insert arrived.
     */
    public static RealtimeSubscriber usageChanges(List<Integer> gatewayPorts, String token, String filter, String event) {
        return new RealtimeSubscriber(gatewayPorts, token, "bench", -1, filter, event, null);
    }

    /**
     * A subscriber of a broadcast channel of derived events ({@code restaurant:1:redemptions}) that records,
     * in {@link #inserts()}, when the event of each {@code order_id} arrived.
     */
    public static RealtimeSubscriber broadcast(List<Integer> gatewayPorts, String token, String channel, String eventName) {
        return broadcast(gatewayPorts, token, channel, eventName, -1);
    }

    /**
     * The same, recording only the events of one coupon ({@code coupon_id} of the envelope; -1: every
     * coupon), and counting them by event id ({@link #eventDeliveries()}).
     */
    public static RealtimeSubscriber broadcast(List<Integer> gatewayPorts, String token, String channel, String eventName,
                                               long couponId) {
        return new RealtimeSubscriber(gatewayPorts, token, channel, couponId, null, null, eventName);
    }

    private RealtimeSubscriber(List<Integer> gatewayPorts, String token, String channel, long couponId, String filter,
                               String event, String broadcastEvent) {
        this.filter = filter;
        this.gatewayPorts = List.copyOf(gatewayPorts);
        this.token = token;
        this.couponId = couponId;
        this.event = event;
        this.topic = "realtime:" + channel;
        this.broadcastEvent = broadcastEvent;
        connect();
        JsonNode reply = firstJoin.orTimeout(60, TimeUnit.SECONDS).join();
        if (!"ok".equals(reply.path("status").asText())) {
            throw new IllegalStateException("gateway refused the join: " + reply);
        }
        timers.scheduleAtFixedRate(this::heartbeat, 20, 20, TimeUnit.SECONDS);
    }

    private void connect() {
        int port = gatewayPorts.get(portIndex % gatewayPorts.size());
        joined = new CompletableFuture<>();
        HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/realtime/v1/websocket?apikey=" + token + "&vsn=1.0.0"),
                        new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        reconnectLater("connect to :" + port + " failed: " + error.getMessage());
                        return;
                    }
                    socket = ws;
                    connections.incrementAndGet();
                    join(ws);
                });
    }

    private void join(WebSocket ws) {
        ObjectNode payload = Json.mapper().createObjectNode();
        ObjectNode config = payload.putObject("config");
        config.putObject("broadcast").put("ack", false).put("self", false);
        config.putObject("presence").put("key", "").put("enabled", false);
        var bindings = config.putArray("postgres_changes");
        if (broadcastEvent == null) {
            bindings.addObject().put("event", event).put("schema", CdcTable.SCHEMA)
                    .put("table", CdcTable.COUPON_USAGE_LOG.tableName()).put("filter", filter);
        }
        config.put("private", false);
        if (position != null) {
            config.putObject("resume").put("position", position);
        }
        payload.put("access_token", token);
        String joinRef = String.valueOf(ref.incrementAndGet());
        send(ws, topic, "phx_join", payload, joinRef);
    }

    private void heartbeat() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            send(ws, "phoenix", "heartbeat", Json.mapper().createObjectNode(), null);
        }
    }

    private void send(WebSocket ws, String topic, String eventName, JsonNode payload, String joinRef) {
        ObjectNode message = Json.mapper().createObjectNode().put("topic", topic).put("event", eventName)
                .put("ref", String.valueOf(ref.incrementAndGet()));
        message.put("join_ref", joinRef);
        message.set("payload", payload);
        synchronized (ws) {
            ws.sendText(message.toString(), true).exceptionally(e -> null).join();
        }
    }

    /** The socket dropped: rejoin, on the next gateway of the list, from the last position received. */
    private void reconnectLater(String why) {
        if (closed) {
            return;
        }
        LOGGER.debug("subscriber for coupon {} reconnecting: {}", couponId, why);
        socket = null;
        portIndex++;
        timers.schedule(this::connect, 200, TimeUnit.MILLISECONDS);
    }

    private void onMessage(String text) {
        long now = System.nanoTime();
        JsonNode message;
        try {
            message = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("gateway sent something that is not JSON: " + text, e);
        }
        JsonNode payload = message.path("payload");
        switch (message.path("event").asText()) {
            case "postgres_changes" -> {
                JsonNode data = payload.path("data");
                String type = data.path("type").asText();
                JsonNode row = "DELETE".equals(type) ? data.path("old_record") : data.path("record");
                long orderId = row.path("order_id").asLong();
                List<String> seen = changesByRow.computeIfAbsent(orderId, id -> java.util.Collections.synchronizedList(new ArrayList<>()));
                if (seen.contains(type)) {
                    duplicates.incrementAndGet();
                }
                seen.add(type);
                if ("INSERT".equals(type)) {
                    inserts.record(orderId, now);
                }
                if (payload.hasNonNull("position")) {
                    position = payload.path("position").asText();
                }
            }
            case "broadcast" -> {
                JsonNode envelope = payload.path("payload");
                if (broadcastEvent != null && broadcastEvent.equals(payload.path("event").asText())
                        && (couponId < 0 || envelope.path("coupon_id").asLong() == couponId)) {
                    inserts.record(envelope.path("data").path("order_id").asLong(), now);
                    if (eventDeliveries.merge(envelope.path("event_id").asText(), 1, Integer::sum) > 1) {
                        duplicates.incrementAndGet();
                    }
                }
                // A counts channel (latest wins): the coupon's redemption total as last received.
                if ("coupon".equals(envelope.path("scope").asText()) && envelope.path("id").asLong() == couponId
                        && envelope.has("redemptions")) {
                    latestCouponTotal.set(envelope.path("redemptions").path("total").asLong());
                }
                if (broadcastEvent != null && payload.path("meta").hasNonNull("position")) {
                    position = payload.path("meta").path("position").asText();
                }
            }
            case "phx_reply" -> {
                if (topic.equals(message.path("topic").asText()) && !joined.isDone()) {
                    JsonNode response = payload.path("response");
                    if (position == null && response.hasNonNull("position")) {
                        position = response.path("position").asText();
                    }
                    joined.complete(payload);
                    firstJoin.complete(payload);
                }
            }
            default -> {
            }
        }
    }

    /** First arrival of each row's insert (for a broadcast subscriber: of each row's derived event). */
    public Arrivals inserts() {
        return inserts;
    }

    /** Change types seen per row ({@code order_id}), in arrival order. */
    public Map<Long, List<String>> changesByRow() {
        return changesByRow;
    }

    /** For a broadcast subscriber: deliveries of its events by event id (more than 1: a duplicate). */
    public Map<String, Integer> eventDeliveries() {
        return Map.copyOf(eventDeliveries);
    }

    /**
     * For a subscriber of a counts channel ({@code restaurant:{id}:counts}, latest wins): the coupon's
     * {@code redemptions.total} last received, -1 before any.
     */
    public long latestCouponTotal() {
        return latestCouponTotal.get();
    }

    /** Changes (for a broadcast subscriber: event ids) delivered more than once. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Whether the socket dropped and the subscriber rejoined (on the next gateway) at least once. */
    public boolean resumed() {
        return connections.get() > 1;
    }

    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final TextFrames frames = new TextFrames(RealtimeSubscriber.this::onMessage);

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            return frames.onText(webSocket, data, last);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            reconnectLater("closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            reconnectLater("error " + error.getMessage());
        }
    }
}
