package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.subscription.ChannelSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JoinHandlerTest {
    private final AtomicLong nanos = new AtomicLong();
    private final HandlerFixture f = new HandlerFixture(Map.of("gateway.max.channels.per.connection", "2",
            "gateway.joins.per.second", "3"), HandlerFixture.serviceRole(Instant.now().plusSeconds(600)));

    {
        f.channel.pipeline().addFirst(new JoinHandler(f.context,
                new ChannelJoiner(new TokenVerifier(DevTokens.DEV_SECRET), Policy.defaults(), 16,
                new com.menuca.promo.gateway.resume.PositionKey(com.menuca.promo.gateway.GatewayConfig.DEV_RESUME_KEY)), nanos::get));
    }

    private void join(String channel, String ref) {
        f.channel.writeInbound(HandlerFixture.message("realtime:" + channel, "phx_join", ref, "{\"config\":{}}"));
    }

    private void goLive(int join) {
        f.feed.joins.get(join).listener().live(List.of(), null, "pos" + join);
        f.channel.runPendingTasks();
    }

    @Test
    void shouldAnswerAJoinOnlyOnceTheFeedRegisteredIt() {
        join("room", "1");
        assertThat(f.feed.joins).hasSize(1);
        assertThat(f.written()).as("no reply before the feed registered the session").isEmpty();
        goLive(0);
        JsonNode reply = f.writtenJson().get(0);
        assertThat(reply.get(1).asText()).isEqualTo("1");
        assertThat(reply.get(4).path("status").asText()).isEqualTo("ok");
        assertThat(reply.get(4).path("response").path("position").asText()).isEqualTo("pos0");
        assertThat(f.tail.events).singleElement().isInstanceOf(SessionEvent.Live.class);
        assertThat(f.connection.sessions()).containsKey("realtime:room");
    }

    @Test
    void shouldCompileTheSocketsTokenOnceForAllItsChannels() {
        join("room", "1");
        join("other", "2");
        assertThat(f.feed.joins).hasSize(2);
        assertThat(f.feed.joins.get(1).session().access()).as("one compiled access per token on a socket, not per channel")
                .isSameAs(f.feed.joins.get(0).session().access());
    }

    @Test
    void shouldLeaveOnPhxLeaveAndTellTheFeedAndTheTokenLifecycle() {
        join("room", "1");
        goLive(0);
        f.written();
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "phx_leave", "2", "{}"));
        assertThat(f.feed.leaves).hasSize(1);
        assertThat(f.connection.sessions()).isEmpty();
        assertThat(f.tail.events).last().isInstanceOf(SessionEvent.Left.class);
        assertThat(f.writtenJson().get(0).get(4).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void shouldRefuseAJoinPastTheChannelLimit() {
        join("a", "1");
        join("b", "2");
        join("c", "3");
        assertThat(f.feed.joins).hasSize(2);
        assertThat(f.writtenJson().get(0).get(4).path("response").path("reason").asText()).startsWith("TooManyChannels");
    }

    @Test
    void shouldRefuseJoinsOverTheJoinRate() {
        join("a", "1");
        f.channel.writeInbound(HandlerFixture.message("realtime:a", "phx_leave", "2", "{}"));
        join("a", "3");
        f.channel.writeInbound(HandlerFixture.message("realtime:a", "phx_leave", "4", "{}"));
        join("a", "5");
        f.channel.writeInbound(HandlerFixture.message("realtime:a", "phx_leave", "6", "{}"));
        f.written();
        join("a", "7");
        assertThat(f.writtenJson().get(0).get(4).path("response").path("reason").asText()).startsWith("RateLimited");
        nanos.addAndGet(400_000_000L);
        join("a", "8");
        assertThat(f.feed.joins).hasSize(4);
    }

    @Test
    void shouldLeaveEveryChannelWhenTheSocketCloses() {
        join("a", "1");
        join("b", "2");
        f.channel.close();
        assertThat(f.feed.leaves).extracting(ChannelSession::wireTopic).containsExactlyInAnyOrder("realtime:a", "realtime:b");
    }
}
