package com.menuca.promo.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java constants of the derived contract name the catalogue's derived topics and event types. */
class DerivedTopicsCatalogTest {
    private final Catalog catalog = Catalog.bundled();

    @Test
    void shouldAgreeWithTheCatalogueOnTheDerivedTopics() {
        assertThat(catalog.group(TopicGroup.DERIVED)).extracting(CatalogTopic::name)
                .containsExactlyInAnyOrderElementsOf(DerivedTopics.all().stream().map(Topic::name).toList());
    }

    @Test
    void shouldListEveryEventTypeOnTheTopicThatCarriesIt() {
        for (DerivedEventType type : DerivedEventType.values()) {
            assertThat(catalog.require(type.topic().name()).eventTypes()).as("event types of %s", type.topic())
                    .containsKey(type.wireName());
        }
        for (Topic<?, ?> topic : List.of(DerivedTopics.DEAL_LIFECYCLE, DerivedTopics.COUPON_ACTIVITY)) {
            assertThat(catalog.require(topic.name()).eventTypes().keySet())
                    .allSatisfy(name -> assertThat(DerivedEventType.ofWireName(name)).as(name).isPresent());
        }
    }

    @Test
    void shouldKeepLatestWinsTopicsCompacted() {
        for (Topic<?, ?> topic : List.of(DerivedTopics.REDEMPTION_COUNTS, DerivedTopics.DEAL_PERFORMANCE,
                DerivedTopics.CUSTOMER_SAVINGS)) {
            assertThat(catalog.require(topic.name()).compacted()).as(topic.name()).isTrue();
        }
        assertThat(catalog.require(DerivedTopics.DEAD_LETTER.name()).retentionMs()).as("dead letters are never lost")
                .contains(-1L);
    }
}
