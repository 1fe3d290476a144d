package com.menuca.promo.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.bench.baseline.NotifyRelay;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;

/** A client of the pg_notify relay on one channel: notes the {@code order_id} of every notification it is pushed. */
public final class RelayClient implements AutoCloseable {
    private final WebSocket socket;
    private final Arrivals arrivals = new Arrivals();

    public RelayClient(int relayPort, String channel) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + relayPort + NotifyRelay.PATH + "?channel=" + channel),
                        new TextFrames(this::onMessage))
                .join();
    }

    private void onMessage(String text) {
        long now = System.nanoTime();
        try {
            JsonNode event = Json.mapper().readTree(text);
            if (event.has("order_id")) {
                arrivals.record(event.path("order_id").asLong(), now);
            }
        } catch (IOException e) {
            throw new IllegalStateException("relay sent something that is not JSON: " + text, e);
        }
    }

    public Arrivals arrivals() {
        return arrivals;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }
}
