package com.menuca.promo.processor.topology;

import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_DEALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.json.Json;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.DealPublished;
import com.menuca.promo.schemas.derived.data.DealStatusChanged;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** deal_published and deal_status_changed from deal changes, and a scheduled deal published when it starts. */
class DealLifecycleTest {
    private final DerivationHarness harness = new DerivationHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldPublishADealInsertedLiveWithItsRowAndEnvelope() {
        ObjectNode deal = Rows.deal(83, 42, harness.now());
        DerivationHarness.Piped piped = harness.insert(PROMOTIONAL_DEALS, deal);

        assertThat(harness.events()).hasSize(1);
        DerivedEvent event = harness.events().get(0);
        assertThat(event.type()).isEqualTo("deal_published");
        assertThat(event.restaurantId()).isEqualTo(42);
        assertThat(event.dealId()).isEqualTo(83L);
        assertThat(event.couponId()).isNull();
        assertThat(event.customerId()).isNull();
        assertThat(event.occurredAt()).isEqualTo(harness.now());
        assertThat(event.source().topic()).isEqualTo(PROMOTIONAL_DEALS.topic().name());
        assertThat(event.source().lsn()).isPositive();
        DealPublished data = event.dataAs(DealPublished.class);
        assertThat(data.title()).isEqualTo("Deal 83");
        assertThat(data.discountPercent()).isEqualByComparingTo("15.00");
        assertThat(data.trigger()).isEqualTo("inserted");
        assertThat(Json.mapper().valueToTree(event.data()).path("discount_percent").asText()).as("money as a decimal string").isEqualTo("15.00");
        assertThat(piped).isNotNull();
    }

    @Test
    void shouldAnnounceStatusChangesWithOldAndNewAndRepublishOnReactivation() {
        ObjectNode live = Rows.deal(83, 42, harness.now());
        harness.insert(PROMOTIONAL_DEALS, live);
        ObjectNode paused = Rows.with(Rows.with(live, "status", "paused"), "is_active", false);
        harness.update(PROMOTIONAL_DEALS, live, paused);
        harness.update(PROMOTIONAL_DEALS, paused, live);

        assertThat(harness.events()).extracting(DerivedEvent::type).containsExactly("deal_published",
                "deal_status_changed", "deal_published", "deal_status_changed");
        DealStatusChanged pausing = harness.events(DerivedEventType.DEAL_STATUS_CHANGED).get(0).dataAs(DealStatusChanged.class);
        assertThat(pausing.old().status()).isEqualTo("active");
        assertThat(pausing.old().isActive()).isTrue();
        assertThat(pausing.current().status()).isEqualTo("paused");
        assertThat(pausing.current().isActive()).isFalse();
        assertThat(pausing.action()).isEqualTo("deactivated");
        assertThat(harness.events(DerivedEventType.DEAL_PUBLISHED).get(1).dataAs(DealPublished.class).trigger())
                .isEqualTo("activated");
    }

    @Test
    void shouldNotAnnounceAnUpdateThatChangesNeitherStatusNorLiveness() {
        ObjectNode live = Rows.deal(83, 42, harness.now());
        harness.insert(PROMOTIONAL_DEALS, live);
        harness.update(PROMOTIONAL_DEALS, live, Rows.with(live, "title", "Renamed"));

        assertThat(harness.events()).extracting(DerivedEvent::type).containsExactly("deal_published");
    }

    @Test
    void shouldPublishAScheduledDealWhenItsStartArrives() {
        ObjectNode scheduled = Rows.with(Rows.with(Rows.deal(7, 42, harness.now()), "status", "scheduled"),
                "starts_at", harness.now().plus(Duration.ofMinutes(10)));
        harness.insert(PROMOTIONAL_DEALS, scheduled);
        assertThat(harness.events()).as("not live before starts_at").isEmpty();

        harness.advance(Duration.ofMinutes(9));
        assertThat(harness.events()).isEmpty();
        harness.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(harness.events()).hasSize(1);
        DerivedEvent published = harness.events().get(0);
        assertThat(published.type()).isEqualTo("deal_published");
        assertThat(published.dataAs(DealPublished.class).trigger()).isEqualTo("started");
        assertThat(published.occurredAt()).isEqualTo(DerivationHarness.T0.plus(Duration.ofMinutes(10)));

        harness.advance(Duration.ofMinutes(30));
        assertThat(harness.events()).as("published once").hasSize(1);
    }

    @Test
    void shouldNotPublishAScheduledDealSwitchedOffBeforeItStarts() {
        ObjectNode scheduled = Rows.with(Rows.deal(7, 42, harness.now()), "starts_at",
                harness.now().plus(Duration.ofMinutes(10)));
        harness.insert(PROMOTIONAL_DEALS, scheduled);
        harness.update(PROMOTIONAL_DEALS, scheduled, Rows.with(scheduled, "is_active", false));
        harness.advance(Duration.ofMinutes(11));

        assertThat(harness.events()).extracting(DerivedEvent::type).containsExactly("deal_status_changed");
    }

    @Test
    void shouldTreatSnapshotReadsAsStateWithoutAnnouncingThem() {
        harness.snapshot(PROMOTIONAL_DEALS, Rows.deal(83, 42, harness.now()));
        harness.advance(Duration.ofSeconds(2));

        assertThat(harness.events()).isEmpty();
        assertThat(harness.performance()).last().satisfies(p -> assertThat(p.activeDeals()).isEqualTo(1));
    }
}
