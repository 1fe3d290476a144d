package com.menuca.promo.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.catalog.CatalogTopic;
import com.menuca.promo.catalog.TopicGroup;
import com.menuca.promo.schemas.json.Json;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What analysts type is understood, and what cannot be done is refused with a message before Kafka is asked. */
class ReplayArgumentsTest {
    private final Catalog catalog = Catalog.bundled();

    @Test
    void shouldUnderstandEveryFormOfStartAndStop() {
        assertThat(ReplayRange.parse("beginning", "now")).isEqualTo(ReplayRange.everything());
        assertThat(ReplayRange.parse("42", null).fromOffset()).contains(42L);
        Instant noon = Instant.parse("2026-11-28T12:00:00Z");
        assertThat(ReplayRange.parse("2026-11-28T12:00:00Z", null).fromTime()).contains(noon);
        assertThat(ReplayRange.parse("2026-11-28T14:00+02:00", null).fromTime()).contains(noon);
        assertThat(ReplayRange.parse("2026-11-28T12:00", null).fromTime()).contains(noon);
        assertThat(ReplayRange.parse("2026-11-28", "2026-11-29").toTime()).contains(Instant.parse("2026-11-29T00:00:00Z"));
        ReplayRange range = ReplayRange.parse("2026-11-28T12:00:00Z", "2026-11-28T13:00:00Z");
        assertThat(range.contains(noon.toEpochMilli())).isTrue();
        assertThat(range.contains(Instant.parse("2026-11-28T13:00:00Z").toEpochMilli())).as("to is exclusive").isFalse();
    }

    @Test
    void shouldRefuseUnparseableTimesAndAnEmptyRange() {
        assertThatThrownBy(() -> ReplayRange.parse("yesterday", null)).isInstanceOf(ReplayException.class)
                .hasMessageContaining("--from 'yesterday' is not a time").hasMessageContaining("'beginning'");
        assertThatThrownBy(() -> ReplayRange.parse("beginning", "12 o'clock")).isInstanceOf(ReplayException.class)
                .hasMessageContaining("--to '12 o'clock' is not a time");
        assertThatThrownBy(() -> ReplayRange.parse("2026-11-28T12:00:00Z", "2026-11-28T11:00:00Z"))
                .isInstanceOf(ReplayException.class).hasMessageContaining("is not after --from");
    }

    @Test
    void shouldSelectTopicsByGroupTableTypeAndRestaurant() {
        assertThat(EventSelection.of(catalog, "cdc", null, null, null).topics()).hasSize(5);
        assertThat(EventSelection.of(catalog, "cdc", "coupon_usage_log", null, null).topics())
                .extracting(CatalogTopic::name).containsExactly("menuca.menuca_v3.coupon_usage_log");
        EventSelection perRestaurant = EventSelection.of(catalog, "cdc", null, 42L, "d");
        assertThat(perRestaurant.topics()).extracting(CatalogTopic::table).doesNotContain("marketing_tags").hasSize(4);
        assertThat(perRestaurant.restaurantId()).contains(42L);
        assertThat(perRestaurant.eventType()).isEqualTo(Optional.of("d"));
        assertThat(EventSelection.columns(catalog, catalog.require("menuca.menuca_v3.marketing_tags")))
                .containsExactly("id", "name", "slug", "created_at");
    }

    @Test
    void shouldTakeTheTypeOfAStateTopicWhoseValuesCarryNone() throws Exception {
        CatalogTopic counts = new CatalogTopic("promo.counts", TopicGroup.DERIVED, 1, "Latest counts.", "stream-processor",
                null, 3, Map.of("cleanup.policy", "compact"), null, null, Map.of("counts", "latest counts"));
        assertThat(EventSelection.type(counts, Json.mapper().readTree("{\"restaurant_id\":4}"))).isEqualTo("counts");
        CatalogTopic events = catalog.require("menuca.menuca_v3.promotional_deals");
        assertThat(EventSelection.type(events, Json.mapper().readTree("{\"op\":\"u\"}"))).isEqualTo("u");
    }

    @Test
    void shouldRefuseWhatCannotBeReplayed() {
        assertThatThrownBy(() -> EventSelection.of(catalog, "menuca.menuca_v3.orders", null, null, null))
                .isInstanceOf(ReplayException.class).hasMessageContaining("not in the topic catalogue")
                .hasMessageContaining("menuca.menuca_v3.promotional_deals");
        assertThatThrownBy(() -> EventSelection.of(catalog, "promo.capture.offsets", null, null, null))
                .isInstanceOf(ReplayException.class).hasMessageContaining("internal");
        assertThatThrownBy(() -> EventSelection.of(catalog, "cdc", "orders", null, null))
                .isInstanceOf(ReplayException.class).hasMessageContaining("--table orders");
        assertThatThrownBy(() -> EventSelection.of(catalog, "cdc", null, null, "deal_published"))
                .isInstanceOf(ReplayException.class).hasMessageContaining("known: [c, u, d, r]");
        assertThatThrownBy(() -> EventSelection.of(catalog, "menuca.menuca_v3.marketing_tags", null, 3L, null))
                .isInstanceOf(ReplayException.class).hasMessageContaining("has none");
    }
}
