package com.menuca.promo.gateway.server;

import static com.menuca.promo.gateway.server.HandlerFixture.reason;
import static com.menuca.promo.gateway.server.HandlerFixture.staff;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.schemas.gateway.ClientBroadcast;
import com.menuca.promo.schemas.gateway.PayloadEncoding;
import com.menuca.promo.schemas.json.Json;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Broadcasts a socket sends: the policy, the bounds, self and ack. */
class BroadcastHandlerTest {
    private final AtomicLong nanos = new AtomicLong();
    private HandlerFixture f;

    private void start(Principal principal, Map<String, String> settings) {
        f = HandlerFixture.clientMessages(settings, principal, nanos::get);
    }

    private void join(String channel, String config) {
        int joins = f.feed.joins.size();
        f.channel.writeInbound(HandlerFixture.message("realtime:" + channel, "phx_join", "j" + joins,
                "{\"config\":" + config + "}"));
        f.feed.joins.get(joins).listener().live(List.of(), null, "pos");
        f.channel.runPendingTasks();
        f.written();
    }

    private void send(String channel, String ref, String event, String payload) {
        f.channel.writeInbound(HandlerFixture.message("realtime:" + channel, "broadcast", ref,
                "{\"type\":\"broadcast\",\"event\":\"" + event + "\",\"payload\":" + payload + "}"));
    }

    @Test
    void shouldShareABroadcastAndAckItOnceKafkaHasIt() {
        start(staff(42), Map.of());
        join("restaurant:42:staff", "{\"broadcast\":{\"self\":true,\"ack\":true}}");
        assertThat(f.cluster.broadcastListeners).hasSize(1);
        send("restaurant:42:staff", "2", "shift", "{\"who\":\"ann\"}");
        ClientBroadcast sent = f.cluster.broadcasts.get(0);
        assertThat(sent.channel()).isEqualTo("restaurant:42:staff");
        assertThat(sent.event()).isEqualTo("shift");
        assertThat(sent.payload()).isEqualTo(Map.of("who", "ann"));
        assertThat(sent.self()).isTrue();
        assertThat(sent.sender().gateway()).isEqualTo("gw-test");
        assertThat(sent.sender().socket()).isEqualTo(f.connection.id());
        assertThat(f.written()).as("acked only once Kafka has it").isEmpty();
        f.cluster.complete();
        f.channel.runPendingTasks();
        JsonNode reply = f.lastWrittenJson();
        assertThat(reply.get(1).asText()).isEqualTo("2");
        assertThat(reply.get(4).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void shouldNotAnswerWithoutAckAndNotEchoWithoutSelf() {
        start(staff(42), Map.of());
        join("restaurant:42:staff", "{}");
        send("restaurant:42:staff", "2", "shift", "{}");
        f.cluster.complete();
        f.channel.runPendingTasks();
        assertThat(f.written()).isEmpty();
        assertThat(f.cluster.broadcasts.get(0).self()).isFalse();
    }

    @Test
    void shouldCarryABinaryPayloadAsBytes() {
        start(staff(42), Map.of());
        join("restaurant:42:staff", "{}");
        ObjectNode push = Json.mapper().createObjectNode().put("type", "broadcast").put("event", "blob");
        push.put("payload", new byte[] {1, 2, 3});
        f.channel.writeInbound(new Message("j0", "2", "realtime:restaurant:42:staff", "broadcast", push));
        ClientBroadcast sent = f.cluster.broadcasts.get(0);
        assertThat(sent.encoding()).isEqualTo(PayloadEncoding.BINARY);
        assertThat(Base64.getDecoder().decode((String) sent.payload())).containsExactly(1, 2, 3);
    }

    @Test
    void shouldRefuseBroadcastsThePolicyDoesNotAllow() {
        start(staff(42), Map.of());
        join("restaurant:42:deals", "{\"broadcast\":{\"ack\":true}}");
        assertThat(f.cluster.broadcastListeners).as("staff may not read broadcasts on the deals channel").isEmpty();
        send("restaurant:42:deals", "2", "fake_deal", "{}");
        assertThat(reason(f.lastWrittenJson())).startsWith("Unauthorized").contains("may not broadcast");
        send("restaurant:43:staff", "3", "x", "{}");
        assertThat(reason(f.lastWrittenJson())).as("not joined").startsWith("UnmatchedTopic");
        assertThat(f.cluster.broadcasts).isEmpty();
    }

    @Test
    void shouldBoundPayloadEventNameAndRate() {
        start(staff(42), Map.of("gateway.broadcast.max.bytes", "64", "gateway.broadcasts.per.second", "2"));
        join("restaurant:42:staff", "{}");
        send("restaurant:42:staff", "2", "a", "{}");
        send("restaurant:42:staff", "3", "a", "{}");
        send("restaurant:42:staff", "4", "a", "{}");
        assertThat(reason(f.lastWrittenJson())).startsWith("RateLimited");
        assertThat(f.cluster.broadcasts).hasSize(2);
        nanos.addAndGet(1_000_000_000L);
        send("restaurant:42:staff", "5", "big", "{\"x\":\"" + "y".repeat(80) + "\"}");
        assertThat(reason(f.lastWrittenJson())).startsWith("PayloadTooLarge");
        send("restaurant:42:staff", "6", "e".repeat(256), "{}");
        assertThat(reason(f.lastWrittenJson())).startsWith("InvalidMessage");
        send("restaurant:42:staff", "7", "a", "{}");
        assertThat(f.cluster.broadcasts).hasSize(3);
    }

    @Test
    void shouldSayWhenKafkaDidNotTakeIt() {
        start(staff(42), Map.of());
        join("restaurant:42:staff", "{\"broadcast\":{\"ack\":true}}");
        send("restaurant:42:staff", "2", "a", "{}");
        f.cluster.fail();
        f.channel.runPendingTasks();
        assertThat(reason(f.lastWrittenJson())).startsWith("Unavailable");
    }
}
