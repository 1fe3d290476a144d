package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InboundLimitHandlerTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final HandlerFixture f = new HandlerFixture(Map.of("gateway.messages.per.second", "10"),
            HandlerFixture.serviceRole(Instant.now().plusSeconds(600)));

    {
        f.channel.pipeline().addFirst(new InboundLimitHandler(f.metrics, 10, nanos::get));
    }

    @Test
    void shouldPassTheBurstThenRefuseWithRateLimitedUntilTokensRefill() {
        for (int i = 0; i < 11; i++) {
            f.channel.writeInbound(HandlerFixture.message("realtime:room", "phx_join", String.valueOf(i), "{}"));
        }
        assertThat(f.tail.reads).hasSize(10);
        List<JsonNode> replies = f.writtenJson();
        assertThat(replies).singleElement().satisfies(reply -> {
            assertThat(reply.get(1).asText()).isEqualTo("10");
            assertThat(reply.get(4).path("response").path("reason").asText()).startsWith("RateLimited");
        });
        nanos.addAndGet(100_000_000L);
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "phx_join", "11", "{}"));
        assertThat(f.tail.reads).as("a token refilled after 100 ms at 10/s").hasSize(11);
    }

    @Test
    void shouldCountHeartbeatsAndCloseASocketThatKeepsSendingThroughASecondOfRefusals() {
        for (int i = 0; i < 20; i++) {
            f.channel.writeInbound(HandlerFixture.message("phoenix", "heartbeat", String.valueOf(i), "{}"));
        }
        assertThat(f.tail.reads).hasSize(10);
        assertThat(f.connection.isClosing()).isFalse();
        f.channel.writeInbound(HandlerFixture.message("phoenix", "heartbeat", "20", "{}"));
        assertThat(f.connection.isClosing()).isTrue();
        assertThat(f.written()).last().asString().startsWith("close 1008 kept sending over 10 messages per second");
    }

    @Test
    void shouldCloseOnAChannelNameOver255BytesWithoutEchoingIt() {
        f.channel.writeInbound(HandlerFixture.message("realtime:" + "a".repeat(255), "phx_join", "1", "{}"));
        assertThat(f.tail.reads).hasSize(1);
        f.channel.writeInbound(HandlerFixture.message("realtime:" + "ü".repeat(128), "phx_join", "2", "{}"));
        assertThat(f.written()).singleElement().asString().isEqualTo("close 1008 channel name over 255 bytes");
    }
}
