package com.menuca.promo.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.gateway.PresenceKey;
import com.menuca.promo.schemas.gateway.PresenceRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenceBookTest {
    private static final long TIMEOUT = 1_000;
    private static final String CHANNEL = "restaurant:3:deals";

    private final PresenceChanges changes = new PresenceChanges();

    private static PresenceKey key(String gateway, String socket) {
        return new PresenceKey(gateway, socket, CHANNEL);
    }

    private static PresenceRecord presence(String gateway, String key, String ref, long at) {
        return PresenceRecord.presence(gateway, CHANNEL, key, ref, Map.of("deal_id", 7), Instant.ofEpochMilli(at));
    }

    private static PresenceRecord heartbeat(String gateway, long at) {
        return PresenceRecord.heartbeat(gateway, Instant.ofEpochMilli(at), TIMEOUT);
    }

    private JsonNode diff() {
        JsonNode diff = changes.byChannel().get(CHANNEL);
        changes.clear();
        return diff;
    }

    @Test
    void shouldListThePresencesOfEveryGatewayInPhoenixShape() {
        PresenceBook book = new PresenceBook("gw-a", TIMEOUT);
        book.apply(key("gw-a", "s1"), presence("gw-a", "17", "a.1", 100), 100, 100, false, changes);
        book.apply(key("gw-b", "s1"), presence("gw-b", "18", "b.1", 100), 100, 100, false, changes);

        JsonNode state = book.state(CHANNEL);
        assertThat(state.path("17").path("metas")).hasSize(1);
        assertThat(state.path("17").path("metas").get(0).path("phx_ref").asText()).isEqualTo("a.1");
        assertThat(state.path("17").path("metas").get(0).path("deal_id").asInt()).isEqualTo(7);
        assertThat(state.path("18").path("metas").get(0).path("phx_ref").asText()).isEqualTo("b.1");
        assertThat(book.count(CHANNEL)).isEqualTo(2);
        JsonNode diff = diff();
        assertThat(diff.path("joins").fieldNames()).toIterable().containsExactly("17", "18");
        assertThat(diff.path("leaves").size()).isZero();
    }

    @Test
    void shouldReplaceATrackAndRemoveOnATombstone() {
        PresenceBook book = new PresenceBook("gw-a", TIMEOUT);
        book.apply(key("gw-b", "s1"), presence("gw-b", "18", "b.1", 100), 100, 100, false, changes);
        diff();
        book.apply(key("gw-b", "s1"), presence("gw-b", "18", "b.2", 200), 200, 200, false, changes);
        JsonNode replaced = diff();
        assertThat(replaced.path("leaves").path("18").path("metas").get(0).path("phx_ref").asText()).isEqualTo("b.1");
        assertThat(replaced.path("joins").path("18").path("metas").get(0).path("phx_ref").asText()).isEqualTo("b.2");
        assertThat(replaced.path("joins").path("18").path("metas").get(0).path("phx_ref_prev").asText()).isEqualTo("b.1");

        book.apply(key("gw-b", "s1"), presence("gw-b", "18", "b.2", 300), 300, 300, false, changes);
        assertThat(changes.isEmpty()).as("the same track re-announced changes nothing").isTrue();

        book.apply(key("gw-b", "s1"), null, 400, 400, false, changes);
        assertThat(diff().path("leaves").path("18").path("metas").get(0).path("phx_ref").asText()).isEqualTo("b.2");
        assertThat(book.count(CHANNEL)).isZero();
        assertThat(book.state(CHANNEL).size()).isZero();
    }

    @Test
    void shouldDropTheLowestLiveGatewaysCleanupOfAGatewayThatStoppedHeartbeating() {
        PresenceBook book = new PresenceBook("gw-a", TIMEOUT);
        book.apply(PresenceKey.heartbeat("gw-a"), heartbeat("gw-a", 0), 0, 0, false, changes);
        book.apply(PresenceKey.heartbeat("gw-b"), heartbeat("gw-b", 0), 0, 0, false, changes);
        book.apply(key("gw-b", "s1"), presence("gw-b", "18", "b.1", 10), 10, 10, false, changes);
        book.apply(key("gw-a", "s9"), presence("gw-a", "17", "a.1", 10), 10, 10, false, changes);
        diff();

        assertThat(book.expire(TIMEOUT, changes)).as("not silent for longer than its timeout yet").isEmpty();
        assertThat(changes.isEmpty()).isTrue();

        List<PresenceBook.Gone> gone = book.expire(TIMEOUT + 11, changes);
        assertThat(gone).singleElement().satisfies(g -> {
            assertThat(g.gateway()).isEqualTo("gw-b");
            assertThat(g.keys()).containsExactlyInAnyOrder(key("gw-b", "s1"), PresenceKey.heartbeat("gw-b"));
        });
        assertThat(diff().path("leaves").path("18").path("metas").get(0).path("phx_ref").asText()).isEqualTo("b.1");
        assertThat(book.state(CHANNEL).fieldNames()).toIterable().containsExactly("17");
        assertThat(book.liveGateways()).isEqualTo(1);
    }

    @Test
    void shouldLeaveTheTombstonesToTheLowestLiveGatewayButDropThePresencesToo() {
        PresenceBook book = new PresenceBook("gw-c", TIMEOUT);
        book.apply(PresenceKey.heartbeat("gw-a"), heartbeat("gw-a", 0), 0, 0, false, changes);
        book.apply(PresenceKey.heartbeat("gw-b"), heartbeat("gw-b", 0), 0, 0, false, changes);
        book.apply(key("gw-b", "s1"), presence("gw-b", "18", "b.1", 0), 0, 0, false, changes);
        // gw-a keeps heartbeating, gw-b falls silent
        book.apply(PresenceKey.heartbeat("gw-a"), heartbeat("gw-a", 900), 900, 900, false, changes);
        diff();

        assertThat(book.expire(1_500, changes)).as("gw-a has the lowest id and writes the tombstones").isEmpty();
        assertThat(diff().path("leaves").has("18")).isTrue();
        assertThat(book.count(CHANNEL)).isZero();
    }

    @Test
    void shouldIgnoreLateRecordsOfAGoneGatewayAndTakeItBackWhenItWritesAgain() {
        PresenceBook book = new PresenceBook("gw-a", TIMEOUT);
        book.apply(PresenceKey.heartbeat("gw-b"), heartbeat("gw-b", 0), 0, 0, false, changes);
        book.apply(key("gw-b", "s1"), presence("gw-b", "18", "b.1", 0), 0, 0, false, changes);
        book.expire(2_000, changes);
        diff();

        book.apply(key("gw-b", "s2"), presence("gw-b", "19", "b.2", 1_500), 1_500, 2_100, false, changes);
        assertThat(changes.isEmpty()).as("written before it was found gone").isTrue();
        assertThat(book.count(CHANNEL)).isZero();

        book.apply(PresenceKey.heartbeat("gw-b"), heartbeat("gw-b", 2_200), 2_200, 2_200, false, changes);
        book.apply(key("gw-b", "s1"), presence("gw-b", "18", "b.1", 2_200), 2_200, 2_200, false, changes);
        assertThat(book.state(CHANNEL).fieldNames()).toIterable().containsExactly("18");
        assertThat(book.liveGateways()).isEqualTo(1);
    }

    @Test
    void shouldDropEveryPresenceOfAGatewayThatStoppedCleanly() {
        PresenceBook book = new PresenceBook("gw-a", TIMEOUT);
        book.apply(PresenceKey.heartbeat("gw-b"), heartbeat("gw-b", 0), 0, 0, false, changes);
        book.apply(key("gw-b", "s1"), presence("gw-b", "18", "b.1", 0), 0, 0, false, changes);
        book.apply(key("gw-b", "s2"), presence("gw-b", "19", "b.2", 0), 0, 0, false, changes);
        diff();
        book.apply(PresenceKey.heartbeat("gw-b"), null, 100, 100, false, changes);
        assertThat(diff().path("leaves").fieldNames()).toIterable().containsExactlyInAnyOrder("18", "19");
        assertThat(book.count(CHANNEL)).isZero();
    }

    @Test
    void shouldNeverShowALateRecordOfAGatewayGoneBeforeThisOneStartedAndTombstoneIt() {
        PresenceBook book = new PresenceBook("gw-a", TIMEOUT);
        book.apply(key("gw-old", "s1"), presence("gw-old", "18", "o.1", 0), 0, 60_000, false, changes);
        assertThat(changes.isEmpty()).isTrue();
        assertThat(book.count(CHANNEL)).isZero();
        assertThat(book.takeStrays()).containsExactly(key("gw-old", "s1"));
        assertThat(book.takeStrays()).isEmpty();
    }
}
