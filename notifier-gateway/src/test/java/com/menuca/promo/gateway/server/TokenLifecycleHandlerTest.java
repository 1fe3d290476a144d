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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Channels end when their token expires, found by the gateway's sweep (no timer per socket or channel). */
class TokenLifecycleHandlerTest {
    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private final MovingClock clock = new MovingClock(start);
    private final HandlerFixture f = new HandlerFixture(Map.of(), HandlerFixture.serviceRole(start.plusSeconds(30)));
    private final OpenSockets sockets = new OpenSockets(10);
    private final SocketSweep sweep = new SocketSweep(sockets, Duration.ofSeconds(60), f.metrics);

    {
        f.channel.pipeline().addFirst(new TokenLifecycleHandler(f.context, clock));
        sockets.tryAdd(f.channel);
        sockets.upgraded(f.connection);
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private ChannelSession live(String name) {
        ChannelSession session = new ChannelSession(f.connection, ChannelNames.resolve(name), "1",
                Policy.defaults().accessFor(f.connection.principal()), EventFilter.ALL, 0);
        f.connection.sessions().put(session.wireTopic(), session);
        f.channel.pipeline().fireUserEventTriggered(new SessionEvent.Live(session));
        return session;
    }

    /** Moves the clock, then sweeps as the gateway does (the socket's heartbeat is fresh). */
    private void after(Duration elapsed) {
        clock.advance(elapsed);
        sweep.sweep(f.connection.lastReadNanos(), clock.millis());
        f.channel.runPendingTasks();
    }

    private List<String> events() {
        return f.writtenJson().stream().map(frame -> frame.get(3).asText() + " "
                + frame.get(4).path("message").asText()).toList();
    }

    @Test
    void shouldEndTheChannelWhenItsTokenExpires() {
        ChannelSession session = live("room");
        assertThat(f.connection.tokensDueMillis()).isEqualTo(start.plusSeconds(30).toEpochMilli());
        after(Duration.ofSeconds(29));
        assertThat(f.written()).isEmpty();
        after(Duration.ofSeconds(1));
        assertThat(events()).hasSize(2).first().asString().startsWith("system InvalidJWTToken: token expired");
        assertThat(f.feed.leaves).containsExactly(session);
        assertThat(f.connection.sessions()).isEmpty();
        assertThat(f.connection.tokensDueMillis()).as("nothing left to expire").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldKeepTheChannelAfterARefreshWithALaterToken() {
        live("room");
        String fresh = DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofHours(1));
        f.channel.writeInbound(HandlerFixture.message("realtime:room", "access_token", "2",
                "{\"access_token\":\"" + fresh + "\"}"));
        after(Duration.ofSeconds(31));
        assertThat(f.written()).isEmpty();
        assertThat(f.feed.leaves).isEmpty();
        assertThat(f.connection.tokensDueMillis()).as("due when the fresh token expires")
                .isGreaterThan(start.plusSeconds(31).toEpochMilli()).isLessThan(Long.MAX_VALUE);
    }

    @Test
    void shouldEndEachChannelWhenItsOwnTokenExpires() {
        ChannelSession first = live("first");
        live("second");
        String fresh = DevTokens.mint(DevTokens.DEV_SECRET, "service_role", List.of(), null, Duration.ofHours(1));
        f.channel.writeInbound(HandlerFixture.message("realtime:second", "access_token", "2",
                "{\"access_token\":\"" + fresh + "\"}"));
        ChannelSession third = live("third");
        after(Duration.ofSeconds(31));
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
    void shouldForgetAChannelOnceItIsLeft() {
        ChannelSession session = live("room");
        f.connection.sessions().clear();
        f.channel.pipeline().fireUserEventTriggered(new SessionEvent.Left(session));
        after(Duration.ofSeconds(31));
        assertThat(f.written()).isEmpty();
        assertThat(f.feed.leaves).isEmpty();
    }
}
