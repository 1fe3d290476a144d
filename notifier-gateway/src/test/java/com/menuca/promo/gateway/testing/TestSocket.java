package com.menuca.promo.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw WebSocket client (the JDK's) for protocol-level tests: sends hand-written frames, keeps every
 * text frame received, and can stop reading to play a slow client.
 */
public final class TestSocket implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<String> received = new ArrayList<>();
    private final List<ByteBuffer> binary = new ArrayList<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean reading = true;
    private WebSocket socket;

    private TestSocket() {
    }

    /** Connects to {@code /realtime/v1/websocket}; the future fails with the handshake error (401, 429...). */
    public static TestSocket connect(String httpUrl, String token, String vsn) throws Exception {
        TestSocket client = new TestSocket();
        String ws = httpUrl.replace("http://", "ws://") + "/realtime/v1/websocket?vsn=" + vsn
                + (token == null ? "" : "&apikey=" + token);
        client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(ws), client.listener()).get(20, TimeUnit.SECONDS);
        return client;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                synchronized (TestSocket.this) {
                    partial.append(data);
                    if (last) {
                        received.add(partial.toString());
                        partial.setLength(0);
                        TestSocket.this.notifyAll();
                    }
                }
                if (reading) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                synchronized (TestSocket.this) {
                    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
                    copy.put(data).flip();
                    binary.add(copy);
                    TestSocket.this.notifyAll();
                }
                if (reading) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode + " " + reason);
                synchronized (TestSocket.this) {
                    TestSocket.this.notifyAll();
                }
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete("error " + error);
                synchronized (TestSocket.this) {
                    TestSocket.this.notifyAll();
                }
            }
        };
    }

    /**
     * Joins a channel under vsn 2.0.0 ({@code topic} with its {@code realtime:} prefix) and waits for
     * the reply; returns the reply's payload ({@code {"status":..., "response":...}}).
     */
    public JsonNode join(String topic, String ref, String payloadJson) {
        send("[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_join\"," + payloadJson + "]");
        return await(f -> f.isArray() && f.size() == 5 && f.get(3).asText().equals("phx_reply")
                && f.get(2).asText().equals(topic) && f.get(1).asText().equals(ref), Duration.ofSeconds(30)).get(4);
    }

    /** Payloads of the pushes of an event on one topic ({@code realtime:...}), in order, either serializer. */
    public synchronized List<JsonNode> payloads(String topic, String event) {
        List<JsonNode> payloads = new ArrayList<>();
        for (String text : received) {
            JsonNode frame = parse(text);
            if (frame != null && frame.isArray() && frame.size() == 5 && frame.get(2).asText().equals(topic)
                    && frame.get(3).asText().equals(event)) {
                payloads.add(frame.get(4));
            } else if (frame != null && frame.isObject() && frame.path("topic").asText().equals(topic)
                    && frame.path("event").asText().equals(event)) {
                payloads.add(frame.path("payload"));
            }
        }
        return payloads;
    }

    /** A broadcast as a client decodes it: its event name and payload. */
    public record Broadcast(String event, JsonNode payload) {
    }

    /**
     * Broadcasts received on a topic, text pushes and vsn 2.0.0 binary frames (kind 4: topic, event,
     * meta, payload) alike; the order among the two kinds is not kept.
     */
    public synchronized List<Broadcast> broadcasts(String topic) {
        List<Broadcast> found = new ArrayList<>();
        for (JsonNode payload : payloads(topic, "broadcast")) {
            found.add(new Broadcast(payload.path("event").asText(), payload.path("payload")));
        }
        for (ByteBuffer frame : binary) {
            ByteBuffer b = frame.duplicate();
            if (b.get() != 4) {
                continue;
            }
            int topicLen = b.get() & 0xff;
            int eventLen = b.get() & 0xff;
            int metaLen = b.get() & 0xff;
            b.get(); // encoding
            String frameTopic = text(b, topicLen);
            String event = text(b, eventLen);
            text(b, metaLen);
            if (frameTopic.equals(topic)) {
                found.add(new Broadcast(event, parse(text(b, b.remaining()))));
            }
        }
        return found;
    }

    private static String text(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /**
     * Sends unless the send does not complete within {@code timeout} (the server stopped reading and
     * the socket's buffers are full): then returns false and the socket is left as it is.
     */
    public boolean trySend(String text, Duration timeout) {
        return sendWithin(text, timeout) == SendOutcome.SENT;
    }

    /** What became of a send. */
    public enum SendOutcome {
        /** Taken by the socket. */
        SENT,
        /** Not taken within the timeout: the server stopped reading and the buffers between are full. */
        STALLED,
        /** Failed: the socket is closed (or was reset). */
        FAILED
    }

    /**
     * Sends, waiting at most {@code timeout}. After {@link SendOutcome#STALLED} the send is still
     * pending: it completes once the server reads again, and no other may start before.
     */
    public SendOutcome sendWithin(String text, Duration timeout) {
        try {
            socket.sendText(text, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return SendOutcome.SENT;
        } catch (java.util.concurrent.TimeoutException e) {
            return SendOutcome.STALLED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendOutcome.FAILED;
        } catch (ExecutionException e) {
            return SendOutcome.FAILED;
        }
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Stops requesting frames: the socket's receive buffers fill and the server must back off. */
    public void stopReading() {
        reading = false;
    }

    /** Reads again (what the server sent meanwhile, then the close if it closed the socket). */
    public void resumeReading() {
        reading = true;
        socket.request(Long.MAX_VALUE);
    }

    public synchronized List<String> received() {
        return List.copyOf(received);
    }

    /** Payloads of received pushes of an event ({@code postgres_changes}...), either serializer. */
    public synchronized List<JsonNode> payloads(String event) {
        List<JsonNode> payloads = new ArrayList<>();
        for (String text : received) {
            JsonNode frame = parse(text);
            if (frame != null && frame.isArray() && frame.size() == 5 && frame.get(3).asText().equals(event)) {
                payloads.add(frame.get(4));
            } else if (frame != null && frame.isObject() && frame.path("event").asText().equals(event)) {
                payloads.add(frame.path("payload"));
            }
        }
        return payloads;
    }

    public synchronized int size() {
        return received.size();
    }

    public synchronized List<ByteBuffer> binary() {
        return List.copyOf(binary);
    }

    /** Waits for a received frame (parsed as JSON) that matches. */
    public synchronized JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int checked = 0;
        while (true) {
            for (; checked < received.size(); checked++) {
                JsonNode node = parse(received.get(checked));
                if (node != null && match.test(node)) {
                    return node;
                }
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                throw new AssertionError("no matching frame within " + timeout.toSeconds() + " s; received " + received
                        + (closed.isDone() ? "; closed: " + closed.join() : ""));
            }
            try {
                wait(Math.min(left, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /** The close code and reason ({@code "1007 invalid frame: ..."}) once the server closed the socket. */
    public String awaitClose(Duration timeout) throws InterruptedException, ExecutionException {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("socket not closed within " + timeout.toSeconds() + " s");
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    private static JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }
}
