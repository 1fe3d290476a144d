package com.menuca.promo.gateway.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.feed.FeedTopic;
import com.menuca.promo.catalog.Catalog;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The channel map ({@link ChannelFamily}, which docs/channels.md is generated from) is what
 * {@link EventRoutes} does: every event of every type lands only on channels whose family lists it,
 * every listed event is routed somewhere, and every event-carrying family's events are event types the
 * topic catalogue documents (with their schema) for its source topic.
 */
class ChannelFamilyTest {

    private static ObjectNode event(String type, Long customer) {
        return Json.mapper().createObjectNode().put("type", type).put("restaurant_id", 42).put("customer_id", customer);
    }

    /** Each route of every sample record, by family: the events it was routed under. */
    private static Map<ChannelFamily, Set<String>> routed() {
        Map<ChannelFamily, Set<String>> routed = new LinkedHashMap<>();
        List<Object[]> samples = new ArrayList<>();
        for (DerivedEventType type : DerivedEventType.values()) {
            FeedTopic topic = type.topic().name().equals(FeedTopic.DEAL_LIFECYCLE.topicName())
                    ? FeedTopic.DEAL_LIFECYCLE : FeedTopic.COUPON_ACTIVITY;
            samples.add(new Object[] {topic, event(type.wireName(), null)});
            samples.add(new Object[] {topic, event(type.wireName(), 7L)});
        }
        samples.add(new Object[] {FeedTopic.DEAL_PERFORMANCE, Json.mapper().createObjectNode().put("restaurant_id", 42)});
        samples.add(new Object[] {FeedTopic.REDEMPTION_COUNTS, Json.mapper().createObjectNode().put("restaurant_id", 42)
                .put("scope", "coupon")});
        samples.add(new Object[] {FeedTopic.CUSTOMER_SAVINGS, Json.mapper().createObjectNode().put("customer_id", 7)});
        for (Object[] sample : samples) {
            for (EventRoutes.Route route : EventRoutes.routes((FeedTopic) sample[0], null, (JsonNode) sample[1])) {
                ChannelFamily family = ChannelFamily.of(route.channel())
                        .orElseThrow(() -> new AssertionError(route.channel() + " is not in the channel map"));
                assertThat(family.source()).as("%s is fed from %s", route.channel(), sample[0]).isEqualTo(sample[0]);
                routed.computeIfAbsent(family, f -> new LinkedHashSet<>()).add(route.event());
            }
        }
        return routed;
    }

    @Test
    void shouldRouteEveryEventToExactlyTheChannelsTheMapLists() {
        Map<ChannelFamily, Set<String>> expected = new LinkedHashMap<>();
        for (ChannelFamily family : ChannelFamily.values()) {
            expected.put(family, new LinkedHashSet<>(family.events()));
        }
        assertThat(routed()).isEqualTo(expected);
    }

    @Test
    void shouldResolveChannelNamesToTheirFamilyAndSource() {
        for (ChannelFamily family : ChannelFamily.values()) {
            String channel = family.name(42L);
            assertThat(ChannelFamily.of(channel)).contains(family);
            assertThat(EventRoutes.sourceOf(channel)).isEqualTo(family.source());
            assertThat(ChannelNames.resolve(channel).kind()).isEqualTo(family.kind());
        }
        assertThat(ChannelFamily.of("restaurant:42:menu")).isEmpty();
        assertThat(ChannelFamily.of("restaurant:x:deals")).isEmpty();
        assertThat(ChannelNames.resolve("restaurant:42:menu").kind()).isEqualTo(ChannelKind.FREE_FORM);
    }

    @Test
    void shouldCarryOnlyEventTypesTheCatalogueDocumentsForTheSource() {
        Catalog catalog = Catalog.bundled();
        for (ChannelFamily family : ChannelFamily.values()) {
            assertThat(catalog.require(family.source().topicName())).as("%s's topic", family).isNotNull();
            if (family.kind() == ChannelKind.EVENTS) {
                assertThat(catalog.require(family.source().topicName()).eventTypes().keySet()).as(family.template())
                        .containsAll(family.events());
            }
        }
    }
}
