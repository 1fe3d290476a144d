package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.channel.ChannelNames;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.subscription.ChannelSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenLifecycleHandlerTest {
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final HandlerFixture f = new HandlerFixture(Map.of(), HandlerFixture.serviceRole(now.plusSeconds(30)));

    {
        f.channel.pipeline().addFirst(new TokenLifecycleHandler(f.context, Clock.fixed(now, ZoneOffset.UTC)));
    }

    private ChannelSession live(String name) {
        ChannelSession session = new ChannelSession(f.connection, ChannelNames.resolve(name), "1",
                Policy.defaults().accessFor(f.connection.principal()), EventFilter.ALL, 0);
        f.connection.sessions().put(session.wireTopic(), session);
        f.channel.pipeline().fireUserEventTriggered(new SessionEvent.Live(session));
        return session;
    }

    private List<String> events() {
        return f.writtenJson().stream().map(frame -> frame.get(3).asText() + " "
                + frame.get(4).path("message").asText()).toList();
    }

    @Test
    void shouldEndTheChannelWhenItsTokenExpires() {
        ChannelSession session = live("room");
        f.channel.advanceTimeBy(29, TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        assertThat(f.written()).isEmpty();
        f.channel.advanceTimeBy(2, TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        assertThat(events()).hasSize(2).first().asString().startsWith("system InvalidJWTToken: token expired");
        assertThat(f.feed.leaves).containsExactly(session);
        assertThat(f.connection.sessions()).isEmpty();
    }

    @Test
    void shouldKeepTheChannelAfterARefreshWithALaterToken() {
        live("room");
        String fresh = DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofHours(1));
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "access_token", "2",
                "{\"access_token\":\"" + fresh + "\"}"));
        f.channel.advanceTimeBy(31, TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        assertThat(f.written()).isEmpty();
        assertThat(f.feed.leaves).isEmpty();
    }

    @Test
    void shouldEndEachChannelWhenItsOwnTokenExpires() {
        ChannelSession first = live("first");
        live("second");
        String fresh = DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofHours(1));
        f.channel.writeInbound(HandlerFixture.message("realtime:second", "access_token", "2",
                "{\"access_token\":\"" + fresh + "\"}"));
        ChannelSession third = live("third");
        f.channel.advanceTimeBy(31, TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        assertThat(f.writtenJson()).extracting(frame -> frame.get(2).asText() + " " + frame.get(3).asText())
                .containsExactlyInAnyOrder("realtime:first system", "realtime:first phx_close",
                        "realtime:third system", "realtime:third phx_close");
        assertThat(f.feed.leaves).containsExactlyInAnyOrder(first, third);
        assertThat(f.connection.sessions()).containsOnlyKeys("realtime:second");
    }

    @Test
    void shouldEndTheChannelOnAnInvalidRefresh() {
        live("room");
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "access_token", "2",
                "{\"access_token\":\"garbage\"}"));
        List<JsonNode> frames = f.writtenJson();
        assertThat(frames).extracting(frame -> frame.get(3).asText()).containsExactly("system", "phx_close");
        assertThat(f.feed.leaves).hasSize(1);
    }

    @Test
    void shouldStopTheTimerWhenTheChannelIsLeft() {
        ChannelSession session = live("room");
        f.connection.sessions().clear();
        f.channel.pipeline().fireUserEventTriggered(new SessionEvent.Left(session));
        f.channel.advanceTimeBy(31, TimeUnit.SECONDS);
        f.channel.runScheduledPendingTasks();
        assertThat(f.written()).isEmpty();
    }
}
