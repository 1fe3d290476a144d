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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding 10 of issue 12, the gateway's feed, end to end with a real failure and nothing in the
 * gateway made for the test: a record batch corrupted on the broker's disk (its CRC no longer
 * matches) makes the feed consumer's poll throw, on every attempt, until an operator deletes the
 * record. Meanwhile the ops port's {@code /ready} answers 503 naming {@code gateway_feed}, the
 * feed counts its restarts, and the gateway keeps serving its sockets; once the record is deleted
 * the feed resumes by itself, {@code /ready} answers 200, and the event written while it failed
 * arrives, then the ones after: nothing past the deleted record is skipped.
 *
 * <p>How the corruption is staged: the record is written in a Kafka transaction. Until the
 * transaction commits, the feed (read_committed) cannot fetch it, so its bytes in the segment file
 * can be altered first; the commit then hands the feed a batch that fails its CRC check, as a disk
 * fault would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedFailureIT {
    private static final long R = 7802;
    private static final String TOPIC = "realtime:restaurant:" + R + ":deals";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    void aFailingFeedMakesTheGatewayNotReadyKeepsItServingAndRecoversOnceTheCauseIsGone() throws Exception {
        String token = DevTokens.mint(DevTokens.DEV_SECRET, "restaurant_staff", List.of(R), null, Duration.ofHours(1));
        try (TestSocket socket = TestSocket.connect(gateway.httpUrl(), token, "2.0.0")) {
            JsonNode reply = socket.join(TOPIC, "1", "{\"config\":{\"broadcast\":{\"self\":false}}}");
            assertThat(reply.path("status").asText()).as("%s", reply).isEqualTo("ok");
            write(producer, event("before-failure"));
            awaitBroadcasts(socket, List.of("before-failure"));
            assertThat(ready().statusCode()).isEqualTo(200);

            long corrupt = writeCorrupted("corrupted-on-disk");

            await("/ready answers 503 naming gateway_feed", () -> {
                HttpResponse<String> ready = ready();
                JsonNode checks = checks(ready);
                return ready.statusCode() == 503 && !checks.path("gateway_feed").asBoolean(true)
                        && checks.path("gateway").asBoolean();
            });
            await("the feed retried the record with back-off", () -> restarts() >= 3);
            // written while the feed fails: delivered once it recovers, nothing skipped
            write(producer, event("during-failure"));
            // the gateway itself is up and serving: its health, and the socket's heartbeats
            assertThat(HTTP.send(HttpRequest.newBuilder(ops("/health")).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            socket.send("[null,\"hb\",\"phoenix\",\"heartbeat\",{}]");
            socket.await(f -> f.isArray() && f.get(1).asText().equals("hb")
                    && f.get(4).path("status").asText().equals("ok"), WAIT);
            assertThat(gateway.gateway().failure()).as("not stopped for good").isNotDone();
            assertThat(socket.isClosed()).isFalse();
            double failures = restarts();
            await("the feed still fails while the record is there", () -> restarts() > failures);
            assertThat(socket.broadcasts(TOPIC)).as("nothing delivered past the record the feed cannot read").hasSize(1);

            // the operator removes the cause, as the consumer's error says: delete the record
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.deleteRecords(Map.of(new TopicPartition(DerivedTopics.DEAL_LIFECYCLE.name(), 0),
                        RecordsToDelete.beforeOffset(corrupt + 1))).all().get();
            }
            await("/ready answers 200 again with gateway_feed passing", () -> {
                HttpResponse<String> ready = ready();
                return ready.statusCode() == 200 && checks(ready).path("gateway_feed").asBoolean();
            });
            write(producer, event("after-recovery"));
            awaitBroadcasts(socket, List.of("before-failure", "during-failure", "after-recovery"));
            assertThat(socket.isClosed()).isFalse();
        }
    }

    private static byte[] event(String id) {
        DerivedEvent event = Fixtures.event(DerivedEventType.DEAL_PUBLISHED, R, null, 100L, id);
        return DerivedTopics.DEAL_LIFECYCLE.valueSerde().serializer().serialize(DerivedTopics.DEAL_LIFECYCLE.name(), event);
    }

    /** Writes to partition 0 of the deal lifecycle topic; returns the record's offset. */
    private static long write(KafkaProducer<byte[], byte[]> producer, byte[] value) throws Exception {
        byte[] key = DerivedTopics.DEAL_LIFECYCLE.keySerde().serializer().serialize(DerivedTopics.DEAL_LIFECYCLE.name(),
                new RestaurantKey(R));
        return producer.send(new ProducerRecord<>(DerivedTopics.DEAL_LIFECYCLE.name(), 0, key, value)).get().offset();
    }

    /**
     * Writes an event in a transaction, alters one byte of its event id in the segment file while the
     * transaction is open (no read_committed consumer can have fetched it), then commits.
     */
    private long writeCorrupted(String eventId) throws Exception {
        try (KafkaProducer<byte[], byte[]> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "feed-failure-it",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            long offset = write(transactional, event(eventId));
            transactional.flush();
            corruptOnDisk(eventId.getBytes(StandardCharsets.UTF_8));
            transactional.commitTransaction();
            return offset;
        }
    }

    /** Flips one byte of {@code marker} where it occurs in partition 0's segment files: the batch's CRC breaks. */
    private void corruptOnDisk(byte[] marker) throws IOException {
        Path partition = kafka.logDirectory().resolve(DerivedTopics.DEAL_LIFECYCLE.name() + "-0");
        int altered = 0;
        try (Stream<Path> files = Files.list(partition)) {
            for (Path segment : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                byte[] bytes = Files.readAllBytes(segment);
                for (int at = indexOf(bytes, marker, 0); at >= 0; at = indexOf(bytes, marker, at + 1)) {
                    try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                        file.write(ByteBuffer.wrap(new byte[] {(byte) (marker[0] ^ 0x20)}), at);
                        file.force(true);
                    }
                    altered++;
                }
            }
        }
        assertThat(altered).as("the record's bytes found in %s", partition).isEqualTo(1);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private double restarts() {
        Counter restarts = gateway.registry().find("promo.gateway.feed.restarts").counter();
        return restarts == null ? 0 : restarts.count();
    }

    private URI ops(String path) {
        return URI.create("http://127.0.0.1:" + gateway.gateway().opsPort() + path);
    }

    private HttpResponse<String> ready() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(ops("/ready")).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode checks(HttpResponse<String> ready) throws IOException {
        return Json.mapper().readTree(ready.body()).path("checks");
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (!check.holds()) {
            assertThat(Instant.now()).as("%s within %s", what, WAIT).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitBroadcasts(TestSocket socket, List<String> ids) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (socket.broadcasts(TOPIC).size() < ids.size()) {
            assertThat(Instant.now()).as("broadcasts %s within %s; received %s", ids, WAIT, socket.received())
                    .isBefore(deadline);
            Thread.sleep(50);
        }
        assertThat(socket.broadcasts(TOPIC).stream().map(b -> b.payload().path("event_id").asText()).toList())
                .containsExactlyElementsOf(ids);
    }
}
