package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolDispatcherTest {
    private final HandlerFixture f = new HandlerFixture(Map.of(),
            HandlerFixture.serviceRole(Instant.now().plusSeconds(600)), ProtocolDispatcher.INSTANCE);

    private String reasonOfOnlyReply() {
        JsonNode reply = f.writtenJson().get(0);
        assertThat(reply.get(3).asText()).isEqualTo("phx_reply");
        return reply.get(4).path("status").asText() + " " + reply.get(4).path("response").path("reason").asText();
    }

    @Test
    void shouldAnswerHeartbeats() {
        f.channel.writeInbound(HandlerFixture.message("phoenix", "heartbeat", "7", "{}"));
        assertThat(reasonOfOnlyReply()).isEqualTo("ok ");
        assertThat(f.tail.reads).isEmpty();
    }

    @Test
    void shouldPassJoinsAndLeavesOn() {
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "phx_join", "1", "{}"));
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "phx_leave", "2", "{}"));
        assertThat(f.tail.reads).hasSize(2);
        assertThat(f.written()).isEmpty();
    }

    @Test
    void shouldRefuseWhatTheGatewayDoesNotAccept() {
        f.channel.writeInbound(HandlerFixture.message("room", "phx_join", "1", "{}"));
        assertThat(reasonOfOnlyReply()).startsWith("error InvalidTopic");
        // broadcasts and presence go on to their handlers only on a joined channel
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "broadcast", "2", "{}"));
        assertThat(reasonOfOnlyReply()).startsWith("error UnmatchedTopic");
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "presence", "3", "{}"));
        assertThat(reasonOfOnlyReply()).startsWith("error UnmatchedTopic");
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "access_token", "4", "{}"));
        assertThat(reasonOfOnlyReply()).startsWith("error UnmatchedTopic");
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "whatever", "5", "{}"));
        assertThat(reasonOfOnlyReply()).startsWith("error UnmatchedTopic");
        assertThat(f.tail.reads).isEmpty();
    }
}
