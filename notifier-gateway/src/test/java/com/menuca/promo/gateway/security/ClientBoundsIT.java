package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.TestSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding 4 of issue 12: whatever a client sends, and however little it reads, what the gateway
 * holds for it stays bounded. Measured as the gateway reports it: the gauge
 * {@code promo_gateway_held_bytes_max}, the bytes held for the socket that holds the most (its send
 * queue, frames held back behind a replay, and Netty's outbound buffer not yet taken by the
 * kernel), sampled every 10 ms while the client floods. A sample the gauge cannot give (NaN) fails
 * the test: a measurement that reads nothing would let any amount through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientBoundsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int QUEUE_BYTES = 256 * 1024;
    /** Netty's high watermark of a socket's outbound buffer (GatewayServer): past it the socket is not writable. */
    private static final long HIGH_WATERMARK = 256 * 1024;
    /** The send queue, the high watermark and one frame of slack. */
    private static final long BOUND = QUEUE_BYTES + HIGH_WATERMARK + 64 * 1024;

    private SecurityKafka kafka;
    private SecureGateway flooded;
    private SecureGateway limited;

    @BeforeAll
    void start() throws Exception {
        kafka = SecurityKafka.start();
        // rate limits too high to matter, inbound and outbound: only the send path's bounds and the pause
        // in reading stand between the flood and the heap
        flooded = SecureGateway.start(kafka, Map.of(GatewayConfig.MESSAGES_PER_SECOND.key(), "1000000",
                GatewayConfig.EVENTS_PER_SECOND.key(), "10000000",
                GatewayConfig.SEND_QUEUE_BYTES.key(), String.valueOf(QUEUE_BYTES)));
        limited = SecureGateway.start(kafka, Map.of(GatewayConfig.MESSAGES_PER_SECOND.key(), "100",
                GatewayConfig.MAX_BINDINGS_PER_JOIN.key(), "4"));
    }

    @AfterAll
    void stop() {
        if (flooded != null) {
            flooded.close();
        }
        if (limited != null) {
            limited.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String token() {
        return DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofHours(1));
    }

    /** Samples the largest per-socket held bytes until stopped; returns the highest seen. */
    private static final class Sampler implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong max = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private final AtomicLong unreadable = new AtomicLong();

        Sampler(SecureGateway gateway) {
            timer.scheduleAtFixedRate(() -> {
                double held = gateway.gauge("promo.gateway.held.bytes.max");
                if (Double.isNaN(held)) {
                    unreadable.incrementAndGet();
                } else {
                    max.accumulateAndGet((long) held, Math::max);
                }
                samples.incrementAndGet();
            }, 0, 10, TimeUnit.MILLISECONDS);
        }

        /** The highest sample; fails if any sample was NaN (the gauge lost what it reads). */
        long max() {
            assertThat(unreadable.get()).as("samples of promo_gateway_held_bytes_max that were NaN, of %d",
                    samples.get()).isZero();
            return max.get();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    @Test
    void shouldHoldLittleForAClientThatSends400Bad60KbMessagesAndNeverReads() throws Exception {
        String pad = "x".repeat(60 * 1024);
        long sent = 0;
        try (TestSocket socket = TestSocket.connect(flooded.httpUrl(), token(), "2.0.0");
             Sampler sampler = new Sampler(flooded)) {
            socket.send("[\"j\",\"j\",\"realtime:room\",\"phx_join\",{}]");
            socket.await(f -> f.isArray() && f.get(1).asText().equals("j"), WAIT);
            socket.stopReading();
            for (int i = 0; i < 400; i++) {
                // three shapes whose replies used to quote what was sent: a 60 KB unknown event name on a
                // joined channel, a foreign topic with a 60 KB payload, a client broadcast of 60 KB
                String message = switch (i % 3) {
                    case 0 -> "[\"j\",\"" + i + "\",\"realtime:room\",\"" + pad + "\",{}]";
                    case 1 -> "[null,\"" + i + "\",\"" + pad.substring(0, 250) + "\",\"phx_join\",{\"p\":\"" + pad + "\"}]";
                    default -> "[\"j\",\"" + i + "\",\"realtime:room\",\"broadcast\",{\"p\":\"" + pad + "\"}]";
                };
                if (!socket.trySend(message, Duration.ofSeconds(5))) {
                    socket.resumeReading();
                    throw new AssertionError("send " + i + " did not go through: " + socket.awaitClose(WAIT));
                }
                sent += message.length();
            }
            Thread.sleep(500);
            assertThat(sent).as("the client pushed megabytes at the gateway").isGreaterThan(10_000_000);
            assertThat(sampler.max()).as("bytes held for the flooding socket (sent %,d)", sent).isLessThan(BOUND);
            socket.resumeReading();
            socket.await(f -> f.isArray() && f.get(1).asText().equals("399"), WAIT);
            List<String> replies = socket.received();
            // a reply carries its topic (at most 264 bytes), its refs and a reason of at most 300 characters
            assertThat(replies).hasSize(401).allSatisfy(reply -> assertThat(reply)
                    .as("a reply to a 60 KB message quotes a short prefix of it at most").hasSizeLessThan(700));
            assertThat(replies).anySatisfy(reply -> assertThat(reply).contains("InvalidTopic"))
                    .anySatisfy(reply -> assertThat(reply).contains("UnknownEvent"))
                    // client broadcasts are accepted since issue 14; one without an event name is refused
                    .anySatisfy(reply -> assertThat(reply).contains("InvalidMessage"));
        }
    }

    /**
     * A client that sends without reading, each message answered with a reply of over 300 bytes: the
     * replies to 200,000 messages would be over 60 MB, far more than the kernel's socket buffers on
     * both ends absorb. The gateway must stop reading from it once its replies cannot be written (the
     * client's sends stall: its own TCP window fills), hold no more than the bound meanwhile, and
     * neither close nor lose anything: reading again, the client gets every reply and the gateway
     * reads on. Fails when reading is never paused (the send queue overflows and the socket is closed
     * with 4008 instead of stalling) and when replies also bypass the queue (the gateway reads the
     * whole flood and holds its replies: tens of megabytes).
     */
    @Test
    void shouldStopReadingAndStayWithinTheQueueBoundWhenRepliesPileUpUnread() throws Exception {
        String topic = "realtime:" + "c".repeat(255);
        TestSocket.SendOutcome outcome = null;
        int sent = 0;
        try (TestSocket socket = TestSocket.connect(flooded.httpUrl(), token(), "2.0.0");
             Sampler sampler = new Sampler(flooded)) {
            socket.stopReading();
            while (sent < 200_000) {
                outcome = socket.sendWithin(unanswerable(topic, sent), Duration.ofSeconds(3));
                if (outcome != TestSocket.SendOutcome.SENT) {
                    break;
                }
                sent++;
            }
            assertThat(outcome).as("the gateway stopped reading, and kept open, a socket whose replies it cannot"
                    + " write; sent %,d", sent).isEqualTo(TestSocket.SendOutcome.STALLED);
            long held = sampler.max();
            assertThat(held).as("bytes held for the socket: its replies filled the outbound buffer past the high"
                    + " watermark (so the measurement sees them), then reading stopped").isGreaterThan(HIGH_WATERMARK)
                    .isLessThan(BOUND);

            socket.resumeReading();
            String stalled = String.valueOf(sent);
            socket.await(f -> f.isArray() && f.get(1).asText().equals(stalled), WAIT);
            assertThat(socket.isClosed()).as("paused, not closed").isFalse();
            assertThat(socket.payloads(topic, "phx_reply")).as("a reply to every message, the stalled one included")
                    .hasSize(sent + 1).allSatisfy(reply -> assertThat(reply.path("response").path("reason").asText())
                            .startsWith("UnmatchedTopic"));
        }
    }

    /** A message on a channel the socket has not joined: answered with an error reply carrying the topic. */
    private static String unanswerable(String topic, int ref) {
        return "[null,\"" + ref + "\",\"" + topic + "\",\"nope\",{}]";
    }

    @Test
    void shouldCountHeartbeatsAgainstTheMessageRate() throws Exception {
        double before = limited.counter("promo.gateway.disconnects", "reason", "inbound_rate");
        try (TestSocket socket = TestSocket.connect(limited.httpUrl(), token(), "2.0.0")) {
            int sent = 0;
            long started = System.nanoTime();
            while (sent < 3_000 && socket.trySend("[null,\"" + sent + "\",\"phoenix\",\"heartbeat\",{}]",
                    Duration.ofSeconds(5))) {
                sent++;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // the client may see the close frame, or a reset if it was still sending when the gateway closed
            socket.awaitClose(WAIT);
            long ok = socket.payloads("phx_reply").stream().filter(p -> p.path("status").asText().equals("ok")).count();
            // the limit, not a speed: at most the burst of 100 and 100 per second of the burst, whatever its pace
            assertThat(ok).as("heartbeats answered ok out of %,d sent in %.1f s", sent, seconds)
                    .isLessThanOrEqualTo(100 + (long) Math.ceil(100 * (seconds + 1)));
            assertThat(ok).as("not all %,d answered", sent).isLessThan(sent);
            assertThat(limited.counter("promo.gateway.disconnects", "reason", "inbound_rate"))
                    .as("closed for sending through a second of RateLimited replies").isEqualTo(before + 1);
        }
    }

    @Test
    void shouldCloseASocketThatNamesAChannelOver255Bytes() throws Exception {
        try (TestSocket socket = TestSocket.connect(limited.httpUrl(), token(), "2.0.0")) {
            socket.send("[\"1\",\"1\",\"realtime:" + "n".repeat(255) + "\",\"phx_join\",{}]");
            socket.await(f -> f.isArray() && f.get(1).asText().equals("1")
                    && f.get(4).path("status").asText().equals("ok"), WAIT);
            socket.send("[\"2\",\"2\",\"realtime:" + "é".repeat(128) + "\",\"phx_join\",{}]");
            assertThat(socket.awaitClose(WAIT)).isEqualTo("1008 channel name over 255 bytes");
        }
        try (TestSocket socket = TestSocket.connect(limited.httpUrl(), token(), "2.0.0")) {
            socket.send("[\"1\",\"1\",\"" + "t".repeat(60 * 1024) + "\",\"phx_join\",{}]");
            assertThat(socket.awaitClose(WAIT)).as("a 60 KB topic is not echoed back").isEqualTo("1008 channel name over 255 bytes");
            assertThat(socket.received()).isEmpty();
        }
    }

    @Test
    void shouldRefuseAJoinWithMoreBindingsThanTheSetting() throws Exception {
        String binding = "{\"event\":\"*\",\"schema\":\"menuca_v3\",\"table\":\"promotional_deals\"}";
        try (TestSocket socket = TestSocket.connect(limited.httpUrl(), token(), "2.0.0")) {
            socket.send("[\"1\",\"1\",\"realtime:many\",\"phx_join\",{\"config\":{\"postgres_changes\":["
                    + String.join(",", java.util.Collections.nCopies(5, binding)) + "]}}]");
            JsonNode reply = socket.await(f -> f.isArray() && f.get(1).asText().equals("1"), WAIT);
            assertThat(reply.get(4).path("response").path("reason").asText()).startsWith("TooManyBindings");
            socket.send("[\"2\",\"2\",\"realtime:few\",\"phx_join\",{\"config\":{\"postgres_changes\":["
                    + String.join(",", java.util.Collections.nCopies(4, binding)) + "]}}]");
            JsonNode ok = socket.await(f -> f.isArray() && f.get(1).asText().equals("2"), WAIT);
            assertThat(ok.get(4).path("status").asText()).isEqualTo("ok");
        }
    }
}
