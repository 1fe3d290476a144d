package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.Fixtures;
import com.menuca.promo.gateway.testing.TestSocket;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.RestaurantKey;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding 10 of issue 12, the gateway's half, through a real broker: records on a feed topic that
 * the feed cannot read (not JSON, cut short, not an event) neither stop the feed nor make it fail
 * over and over on the same record. Each is skipped and counted, the event written after them on
 * the same partition reaches the subscriber, and the ops port's {@code /ready} stays ready with the
 * feed check passing. The events are the barrier: they are written after the poison, on its
 * partition, so once one arrived the feed has read past every record before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonRecordsIT {
    private static final long R = 7801;
    private static final String TOPIC = "realtime:restaurant:" + R + ":deals";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<byte[]> POISON = List.of(
            "not json at all".getBytes(StandardCharsets.UTF_8),
            "{\"event_id\":\"cut-short\",\"event_type\":\"deal_pub".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});

    private SecurityKafka kafka;
    private SecureGateway gateway;
    private KafkaProducer<byte[], byte[]> producer;

    private FeedTestStack stack;

    @BeforeAll
    void start() throws Exception {
        stack = FeedTestStack.start();
        kafka = stack.kafka();
        gateway = stack.gateway();
        producer = stack.producer();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void recordsTheFeedCannotReadAreSkippedAndTheEventsAfterThemArrive() throws Exception {
        String token = DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(R), null, Duration.ofHours(1));
        try (TestSocket socket = TestSocket.connect(gateway.httpUrl(), token, "2.0.0")) {
            JsonNode reply = socket.join(TOPIC, "1", "{\"config\":{\"broadcast\":{\"self\":false}}}");
            assertThat(reply.path("status").asText()).as("%s", reply).isEqualTo("ok");

            for (int round = 1; round <= 2; round++) {
                for (byte[] poison : POISON) {
                    write(poison);
                }
                DerivedEvent event = Fixtures.event(DerivedEventType.DEAL_PUBLISHED, R, null, 100L + round, "after-poison-" + round);
                write(DerivedTopics.DEAL_LIFECYCLE.valueSerde().serializer().serialize(DerivedTopics.DEAL_LIFECYCLE.name(), event));
                int expected = round;
                awaitBroadcasts(socket, expected);
                assertThat(gateway.counter("promo.gateway.drops", "reason", "unreadable_record"))
                        .as("round %d: every poison record skipped and counted", round).isEqualTo(POISON.size() * round);
            }
            assertThat(socket.broadcasts(TOPIC).stream().map(b -> b.payload().path("event_id").asText()).toList())
                    .containsExactly("after-poison-1", "after-poison-2");
        }
        Counter restarts = gateway.registry().find("promo.gateway.feed.restarts").counter();
        assertThat(restarts == null ? 0 : restarts.count()).as("the feed never failed over a poison record").isZero();
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.gateway().opsPort() + "/ready")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as("/ready: %s", ready.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(ready.body()).path("checks").path("gateway_feed").asBoolean()).isTrue();
    }

    /** Writes to partition 0 of the deal lifecycle topic, where the poison and the events after it line up. */
    private void write(byte[] value) throws Exception {
        byte[] key = DerivedTopics.DEAL_LIFECYCLE.keySerde().serializer().serialize(DerivedTopics.DEAL_LIFECYCLE.name(),
                new RestaurantKey(R));
        producer.send(new ProducerRecord<>(DerivedTopics.DEAL_LIFECYCLE.name(), 0, key, value)).get();
    }

    private static void awaitBroadcasts(TestSocket socket, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (socket.broadcasts(TOPIC).size() < count) {
            assertThat(Instant.now()).as("%d broadcast(s) within %s; received %s", count, WAIT, socket.received())
                    .isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
