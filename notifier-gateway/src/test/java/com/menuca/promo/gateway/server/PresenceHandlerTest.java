package com.menuca.promo.gateway.server;

import static com.menuca.promo.gateway.server.HandlerFixture.reason;
import static com.menuca.promo.gateway.server.HandlerFixture.staff;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.schemas.gateway.PresenceKey;
import com.menuca.promo.schemas.gateway.PresenceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Tracks, untracks and presence listening of one socket, checked against the default policy and the bounds. */
class PresenceHandlerTest {
    private static final String DEALS = "restaurant:42:deals";

    private final AtomicLong nanos = new AtomicLong();
    private HandlerFixture f;

    private static Principal customer(long id) {
        return new Principal("cust-" + id, "customer", Instant.now().plusSeconds(600),
                Map.of("role", "customer", "customer_id", id));
    }

    private void start(Principal principal, Map<String, String> settings) {
        f = HandlerFixture.clientMessages(settings, principal, nanos::get);
    }

    /** Joins and goes live; returns the join reply. */
    private JsonNode join(String channel, String ref, String config) {
        int joins = f.feed.joins.size();
        f.channel.writeInbound(HandlerFixture.message("realtime:" + channel, "phx_join", ref,
                "{\"config\":" + config + "}"));
        if (f.feed.joins.size() > joins) {
            f.feed.joins.get(joins).listener().live(List.of(), null, "pos");
            f.channel.runPendingTasks();
        }
        return f.lastWrittenJson();
    }

    private void track(String channel, String ref, String meta) {
        f.channel.writeInbound(HandlerFixture.message("realtime:" + channel, "presence", ref,
                "{\"type\":\"presence\",\"event\":\"track\",\"payload\":" + meta + "}"));
    }

    @Test
    void shouldShareACustomersTrackUnderTheirOwnIdAndAnswerOnceKafkaHasIt() {
        start(customer(7), Map.of());
        assertThat(join(DEALS, "1", "{\"presence\":{\"key\":\"\",\"enabled\":false}}").get(4).path("status").asText())
                .isEqualTo("ok");
        track(DEALS, "2", "{\"deal_id\":5}");
        assertThat(f.writtenJson()).as("no answer before Kafka acknowledged").isEmpty();
        Map.Entry<PresenceKey, PresenceRecord> tracked = f.cluster.tracks.get(0);
        assertThat(tracked.getKey()).isEqualTo(new PresenceKey("gw-test", f.connection.id(), DEALS));
        assertThat(tracked.getValue().key()).as("the only key the policy allows").isEqualTo("7");
        assertThat(tracked.getValue().meta()).isEqualTo(Map.of("deal_id", 5));
        assertThat(f.cluster.presenceListeners).as("customers may not read presence").isEmpty();

        f.cluster.complete();
        f.channel.runPendingTasks();
        JsonNode reply = f.lastWrittenJson();
        assertThat(reply.get(1).asText()).isEqualTo("2");
        assertThat(reply.get(4).path("status").asText()).isEqualTo("ok");

        f.channel.writeInbound(HandlerFixture.message("realtime:" + DEALS, "phx_leave", "3", "{}"));
        assertThat(f.cluster.untracks).containsExactly(tracked.getKey());
    }

    @Test
    void shouldRefuseTracksThePolicyOrTheBoundsDoNotAllow() {
        start(customer(7), Map.of("gateway.presence.max.bytes", "64", "gateway.presence.max.per.connection", "1"));
        join(DEALS, "1", "{\"presence\":{\"key\":\"8\"}}");
        track(DEALS, "2", "{}");
        assertThat(reason(f.lastWrittenJson())).startsWith("Unauthorized").contains("'8'");

        join("restaurant:43:deals", "3", "{}");
        track("restaurant:43:deals", "4", "[1,2]");
        assertThat(reason(f.lastWrittenJson())).startsWith("InvalidPresencePayload");
        track("restaurant:43:deals", "5", "{\"note\":\"" + "x".repeat(80) + "\"}");
        assertThat(reason(f.lastWrittenJson())).startsWith("PayloadTooLarge");
        track("restaurant:43:deals", "6", "{}");
        f.cluster.complete();
        f.channel.runPendingTasks();
        assertThat(f.lastWrittenJson().get(4).path("status").asText()).isEqualTo("ok");

        join("restaurant:44:deals", "7", "{}");
        nanos.addAndGet(60_000_000_000L);
        track("restaurant:44:deals", "8", "{}");
        assertThat(reason(f.lastWrittenJson())).startsWith("TooManyPresences");

        track("customer:7:coupons", "9", "{}");
        assertThat(reason(f.lastWrittenJson())).as("not joined").startsWith("UnmatchedTopic");
        assertThat(f.cluster.tracks).hasSize(1);
        assertThat(f.registry.get("promo.gateway.client.refusals").tag("what", "presence").tag("code", "PayloadTooLarge")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldLimitTheTrackRateOfASocket() {
        start(customer(7), Map.of("gateway.presence.tracks.per.minute", "12"));
        join(DEALS, "1", "{}");
        track(DEALS, "2", "{\"n\":1}");
        track(DEALS, "3", "{\"n\":2}");
        track(DEALS, "4", "{\"n\":3}");
        assertThat(f.cluster.tracks).as("a burst of a sixth of a minute's worth").hasSize(2);
        assertThat(reason(f.lastWrittenJson())).startsWith("RateLimited");
        nanos.addAndGet(5_000_000_000L);
        track(DEALS, "5", "{\"n\":4}");
        assertThat(f.cluster.tracks).hasSize(3);
    }

    @Test
    void shouldSayWhenKafkaDidNotTakeTheTrack() {
        start(customer(7), Map.of());
        join(DEALS, "1", "{}");
        track(DEALS, "2", "{}");
        f.cluster.fail();
        f.channel.runPendingTasks();
        assertThat(reason(f.lastWrittenJson())).startsWith("Unavailable").contains("Kafka is down");
        f.channel.writeInbound(HandlerFixture.message("realtime:" + DEALS, "phx_leave", "3", "{}"));
        assertThat(f.cluster.untracks).as("nothing tracked to remove").isEmpty();
    }

    @Test
    void shouldRefuseAJoinThatListensToPresenceItMayNotSee() {
        start(customer(7), Map.of());
        JsonNode reply = join(DEALS, "1", "{\"presence\":{\"enabled\":true}}");
        assertThat(reason(reply)).startsWith("Unauthorized").contains("may not see presence");
        assertThat(f.feed.joins).isEmpty();
    }

    @Test
    void shouldLetStaffListenToTheirRestaurantsPresenceAndForgetThemOnLeave() {
        start(staff(42), Map.of());
        join(DEALS, "1", "{\"presence\":{\"enabled\":true}}");
        assertThat(f.cluster.presenceListeners).singleElement()
                .satisfies(s -> assertThat(s.channel().canonical()).isEqualTo(DEALS));
        track(DEALS, "2", "{}");
        assertThat(reason(f.lastWrittenJson())).as("staff only read presence here").startsWith("Unauthorized");
        f.channel.writeInbound(HandlerFixture.message("realtime:" + DEALS, "phx_leave", "3", "{}"));
        assertThat(f.cluster.forgotten).contains(f.cluster.presenceListeners.get(0));
    }

    @Test
    void shouldUntrackAndReleaseEverythingWhenTheSocketCloses() {
        start(staff(42), Map.of());
        join("restaurant:42:staff", "1", "{\"presence\":{\"key\":\"ann\",\"enabled\":true}}");
        track("restaurant:42:staff", "2", "{\"status\":\"online\"}");
        assertThat(f.cluster.tracks.get(0).getValue().key()).isEqualTo("ann");
        f.channel.writeInbound(HandlerFixture.message("realtime:restaurant:42:staff", "presence", "3",
                "{\"type\":\"presence\",\"event\":\"untrack\"}"));
        assertThat(f.cluster.untracks).hasSize(1);
        track("restaurant:42:staff", "4", "{\"status\":\"away\"}");
        f.channel.close();
        assertThat(f.cluster.untracks).hasSize(2);
        assertThat(f.cluster.forgotten).isNotEmpty();
    }
}
