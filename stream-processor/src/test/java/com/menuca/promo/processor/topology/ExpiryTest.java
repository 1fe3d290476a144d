package com.menuca.promo.processor.topology;

import static com.menuca.promo.schemas.cdc.CdcTable.COUPON_USAGE_LOG;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_COUPONS;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_DEALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.data.CouponExpired;
import com.menuca.promo.schemas.derived.data.CouponExpiring;
import com.menuca.promo.schemas.derived.data.DealExpiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Expiring warnings at the horizons (24 h, 1 h, 15 min) and expiry, driven by the wall clock. */
class ExpiryTest {
    private final DerivationHarness harness = new DerivationHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    private ObjectNode dealEndingIn(Duration left) {
        return Rows.with(Rows.deal(83, 42, harness.now()), "ends_at", harness.now().plus(left));
    }

    private List<DerivedEvent> expiryEvents() {
        return harness.events().stream().filter(e -> !e.type().equals("deal_published")).toList();
    }

    @Test
    void shouldWarnAtEachHorizonOnceThenExpire() {
        Instant endsAt = harness.now().plus(Duration.ofHours(25));
        harness.insert(PROMOTIONAL_DEALS, dealEndingIn(Duration.ofHours(25)));

        harness.jump(Duration.ofMinutes(59));
        assertThat(expiryEvents()).isEmpty();
        harness.jump(Duration.ofMinutes(1));
        assertThat(expiryEvents()).extracting(e -> e.dataAs(DealExpiring.class).horizon()).containsExactly(Duration.ofHours(24));
        harness.jump(Duration.ofHours(23));
        harness.jump(Duration.ofMinutes(45));
        harness.jump(Duration.ofMinutes(15));
        assertThat(expiryEvents()).extracting(DerivedEvent::type).containsExactly("deal_expiring", "deal_expiring",
                "deal_expiring", "deal_expired");
        harness.jump(Duration.ofDays(2));
        assertThat(expiryEvents()).as("each horizon once").hasSize(4);

        List<DerivedEvent> warnings = harness.events(DerivedEventType.DEAL_EXPIRING);
        assertThat(warnings).extracting(e -> e.dataAs(DealExpiring.class).horizonSeconds()).containsExactly(86_400L, 3_600L, 900L);
        assertThat(warnings).extracting(DerivedEvent::occurredAt).containsExactly(endsAt.minus(Duration.ofHours(24)),
                endsAt.minus(Duration.ofHours(1)), endsAt.minus(Duration.ofMinutes(15)));
        assertThat(warnings.get(1).dataAs(DealExpiring.class).secondsRemaining()).isEqualTo(3_600);
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRED).get(0).occurredAt()).isEqualTo(endsAt);
        assertThat(warnings).extracting(DerivedEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void shouldWarnOnlyAtTheNearestPassedHorizonForADealEndingSoon() {
        harness.insert(PROMOTIONAL_DEALS, dealEndingIn(Duration.ofMinutes(30)));
        harness.advance(Duration.ofSeconds(2));

        List<DerivedEvent> warnings = harness.events(DerivedEventType.DEAL_EXPIRING);
        assertThat(warnings).hasSize(1);
        DealExpiring warning = warnings.get(0).dataAs(DealExpiring.class);
        assertThat(warning.horizon()).isEqualTo(Duration.ofHours(1));
        assertThat(warning.secondsRemaining()).isEqualTo(1_800);

        harness.jump(Duration.ofMinutes(15));
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRING)).hasSize(2);
        harness.jump(Duration.ofMinutes(15));
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRED)).hasSize(1);
    }

    @Test
    void shouldRearmWhenEndsAtMoves() {
        ObjectNode deal = dealEndingIn(Duration.ofHours(25));
        harness.insert(PROMOTIONAL_DEALS, deal);
        harness.jump(Duration.ofHours(1));
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRING)).hasSize(1);

        Instant newEnd = harness.now().plus(Duration.ofHours(48));
        harness.update(PROMOTIONAL_DEALS, deal, Rows.with(deal, "ends_at", newEnd));
        harness.jump(Duration.ofHours(23).plusMinutes(30));
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRING)).as("old deadline's timers are gone").hasSize(1);
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRED)).isEmpty();

        harness.jump(Duration.ofMinutes(30));
        List<DerivedEvent> warnings = harness.events(DerivedEventType.DEAL_EXPIRING);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1).dataAs(DealExpiring.class).endsAt()).isEqualTo(newEnd);
        assertThat(warnings.get(1).dataAs(DealExpiring.class).horizon()).isEqualTo(Duration.ofHours(24));
        assertThat(warnings.get(1).eventId()).isNotEqualTo(warnings.get(0).eventId());
    }

    @Test
    void shouldNotWarnForADealDeactivatedOrDeletedBeforeAHorizon() {
        ObjectNode paused = dealEndingIn(Duration.ofHours(2));
        ObjectNode deleted = Rows.with(Rows.with(dealEndingIn(Duration.ofHours(2)), "id", 84), "title", "Deal 84");
        harness.insert(PROMOTIONAL_DEALS, paused);
        harness.insert(PROMOTIONAL_DEALS, deleted);
        harness.update(PROMOTIONAL_DEALS, paused, Rows.with(Rows.with(paused, "is_active", false), "status", "paused"));
        harness.delete(PROMOTIONAL_DEALS, deleted);

        harness.jump(Duration.ofHours(3));
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRING)).isEmpty();
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRED)).isEmpty();
    }

    @Test
    void shouldNotRepeatAWarningAfterTheDealIsPausedAndResumed() {
        ObjectNode deal = dealEndingIn(Duration.ofMinutes(50));
        harness.insert(PROMOTIONAL_DEALS, deal);
        harness.advance(Duration.ofSeconds(2));
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRING)).hasSize(1);

        ObjectNode paused = Rows.with(deal, "is_active", false);
        harness.update(PROMOTIONAL_DEALS, deal, paused);
        harness.update(PROMOTIONAL_DEALS, paused, deal);
        harness.advance(Duration.ofSeconds(2));
        assertThat(harness.events(DerivedEventType.DEAL_EXPIRING)).as("the 1 h warning of this deadline fired already")
                .hasSize(1);
    }

    @Test
    void shouldWarnAndExpireCoupons() {
        ObjectNode coupon = Rows.with(Rows.coupon(17, 42, null, null, null, harness.now()), "valid_until",
                harness.now().plus(Duration.ofMinutes(20)));
        ObjectNode inactive = Rows.with(Rows.with(Rows.with(coupon, "id", 18), "code", "OFF"), "is_active", false);
        harness.insert(PROMOTIONAL_COUPONS, coupon);
        harness.insert(PROMOTIONAL_COUPONS, inactive);
        harness.advance(Duration.ofSeconds(1));
        harness.jump(Duration.ofMinutes(5));
        harness.jump(Duration.ofMinutes(15));

        assertThat(harness.events()).extracting(DerivedEvent::type).containsExactly("coupon_created", "coupon_created",
                "coupon_expiring", "coupon_expiring", "coupon_expired");
        List<DerivedEvent> expiring = harness.events(DerivedEventType.COUPON_EXPIRING);
        assertThat(expiring).extracting(DerivedEvent::couponId).containsOnly(17L);
        assertThat(expiring.get(0).dataAs(CouponExpiring.class).horizon()).isEqualTo(Duration.ofHours(1));
        assertThat(expiring.get(1).dataAs(CouponExpiring.class).horizon()).isEqualTo(Duration.ofMinutes(15));
        assertThat(harness.events(DerivedEventType.COUPON_EXPIRED).get(0).dataAs(CouponExpired.class).code())
                .isEqualTo("SAVE17");
    }

    @Test
    void shouldWarnTheCustomersWhoMayStillUseTheCoupon() {
        ObjectNode coupon = Rows.with(Rows.coupon(17, 42, null, null, 2, harness.now()), "valid_until",
                harness.now().plus(Duration.ofMinutes(20)));
        harness.insert(PROMOTIONAL_COUPONS, coupon);
        harness.insert(COUPON_USAGE_LOG, Rows.usage(1, 17, 42, 7, harness.now()));
        harness.insert(COUPON_USAGE_LOG, Rows.usage(2, 17, 42, 8, harness.now()));
        harness.insert(COUPON_USAGE_LOG, Rows.usage(3, 17, 42, 8, harness.now()));
        harness.advance(Duration.ofSeconds(1));
        harness.jump(Duration.ofMinutes(5));

        List<DerivedEvent> expiring = harness.events(DerivedEventType.COUPON_EXPIRING);
        assertThat(expiring).as("at each horizon (1 h, 15 min) the restaurant's warning and customer 7's; "
                        + "customer 8 used both uses allowed")
                .extracting(e -> e.dataAs(CouponExpiring.class).horizon().toMinutes() + "/" + e.customerId())
                .containsExactlyInAnyOrder("60/null", "60/7", "15/null", "15/7");
        assertThat(expiring).extracting(DerivedEvent::eventId).doesNotHaveDuplicates();
        assertThat(expiring).extracting(e -> e.dataAs(CouponExpiring.class).code()).containsOnly("SAVE17");
    }

    @Test
    void shouldGiveScheduledEventsTheSameIdsWhenDerivedAgain() {
        List<String> first = runExpiryScenario();
        List<String> second = runExpiryScenario();
        assertThat(second).isEqualTo(first).hasSize(5).doesNotHaveDuplicates();
    }

    private List<String> runExpiryScenario() {
        try (DerivationHarness fresh = new DerivationHarness()) {
            fresh.insert(PROMOTIONAL_DEALS, Rows.with(Rows.deal(83, 42, fresh.now()), "ends_at",
                    fresh.now().plus(Duration.ofHours(2))));
            fresh.jump(Duration.ofSeconds(1));
            fresh.jump(Duration.ofHours(1));
            fresh.jump(Duration.ofMinutes(45));
            fresh.jump(Duration.ofMinutes(15));
            return fresh.events().stream().map(DerivedEvent::eventId).toList();
        }
    }
}
