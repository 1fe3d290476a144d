package com.menuca.promo.processor.topology;

import static com.menuca.promo.schemas.cdc.CdcTable.COUPON_USAGE_LOG;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_COUPONS;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_DEALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.json.Json;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import com.menuca.promo.schemas.derived.data.CouponCreated;
import com.menuca.promo.schemas.derived.data.CouponLimitReached;
import com.menuca.promo.schemas.derived.data.CouponRedeemed;
import com.menuca.promo.schemas.derived.data.CustomerCouponLimitReached;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** coupon_created, coupon_redeemed, limits reached per coupon and per customer, refunds, redeliveries. */
class CouponRedemptionTest {
    private static final long RESTAURANT = 42;
    private final DerivationHarness harness = new DerivationHarness();
    private long nextUsageId = 1;

    @AfterEach
    void close() {
        harness.close();
    }

    private ObjectNode coupon(long id, Integer usageLimit, Integer perCustomerLimit) {
        return Rows.coupon(id, RESTAURANT, 83L, usageLimit, perCustomerLimit, harness.now());
    }

    private void dealAndCoupon(ObjectNode coupon) {
        harness.insert(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, harness.now()));
        harness.insert(PROMOTIONAL_COUPONS, coupon);
    }

    private ObjectNode redeem(long couponId, long customerId) {
        ObjectNode usage = Rows.usage(nextUsageId++, couponId, RESTAURANT, customerId, harness.now());
        harness.insert(COUPON_USAGE_LOG, usage);
        return usage;
    }

    @Test
    void shouldAnnounceACreatedCouponAndARedemptionJoinedWithCouponAndDeal() {
        dealAndCoupon(coupon(17, 100, null));
        ObjectNode usage = redeem(17, 7);

        DerivedEvent created = harness.events(DerivedEventType.COUPON_CREATED).get(0);
        assertThat(created.couponId()).isEqualTo(17L);
        assertThat(created.dealId()).isEqualTo(83L);
        assertThat(created.dataAs(CouponCreated.class).usageLimit()).isEqualTo(100);

        DerivedEvent redeemed = harness.events(DerivedEventType.COUPON_REDEEMED).get(0);
        assertThat(redeemed.restaurantId()).isEqualTo(RESTAURANT);
        assertThat(redeemed.customerId()).as("routes to customer:7:coupons").isEqualTo(7L);
        assertThat(redeemed.couponId()).isEqualTo(17L);
        assertThat(redeemed.dealId()).isEqualTo(83L);
        assertThat(redeemed.source().topic()).isEqualTo(COUPON_USAGE_LOG.topic().name());
        CouponRedeemed data = redeemed.dataAs(CouponRedeemed.class);
        assertThat(data.usageId()).isEqualTo(usage.get("id").asLong());
        assertThat(data.orderId()).isEqualTo(usage.get("order_id").asLong());
        assertThat(data.code()).isEqualTo("SAVE17");
        assertThat(data.dealTitle()).isEqualTo("Deal 83");
        assertThat(data.discountApplied()).isEqualByComparingTo("4.50");
        assertThat(data.orderTotal()).isEqualByComparingTo("30.00");
        assertThat(data.usageLimit()).isEqualTo(100);
        assertThat(Json.mapper().valueToTree(redeemed.data()).path("discount_applied").asText()).isEqualTo("4.50");
    }

    @Test
    void shouldCountARedeliveredChangeOnce() {
        dealAndCoupon(coupon(17, 2, null));
        harness.insert(COUPON_USAGE_LOG, Rows.usage(1, 17, RESTAURANT, 7, harness.now()));
        DerivationHarness.Piped second = harness.insert(COUPON_USAGE_LOG, Rows.usage(2, 17, RESTAURANT, 8, harness.now()));
        harness.redeliver(second);
        harness.redeliver(second);

        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).hasSize(2);
        assertThat(harness.events(DerivedEventType.COUPON_LIMIT_REACHED)).hasSize(1);
        assertThat(harness.counts(CountsScope.COUPON, 17).redemptions().total()).isEqualTo(2);
        assertThat(harness.counts(CountsScope.RESTAURANT, RESTAURANT).redemptions().total()).isEqualTo(2);
        assertThat(harness.savings(8).redemptions()).isEqualTo(1);
        assertThat(harness.metric("promo.processor.duplicates", "table", "coupon_usage_log")).isEqualTo(2);
    }

    @Test
    void shouldDropAReplayedStretchOfChangesAsACrashedCaptureSendsIt() {
        dealAndCoupon(coupon(17, null, null));
        List<DerivationHarness.Piped> stretch = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            stretch.add(harness.insert(COUPON_USAGE_LOG, Rows.usage(i, 17, RESTAURANT, i, harness.now())));
        }
        stretch.subList(1, 4).forEach(harness::redeliver);
        harness.insert(COUPON_USAGE_LOG, Rows.usage(5, 17, RESTAURANT, 5, harness.now()));

        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).hasSize(5);
        assertThat(harness.counts(CountsScope.COUPON, 17).redemptions().total()).isEqualTo(5);
        assertThat(harness.metric("promo.processor.duplicates", "table", "coupon_usage_log")).isEqualTo(3);
    }

    @Test
    void shouldDropARedeliveredSnapshotRead() {
        harness.snapshot(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, harness.now()));
        harness.snapshot(PROMOTIONAL_COUPONS, coupon(17, null, null));
        DerivationHarness.Piped read = harness.snapshot(COUPON_USAGE_LOG, Rows.usage(1, 17, RESTAURANT, 7, harness.now()));
        harness.redeliver(read);

        assertThat(harness.counts(CountsScope.COUPON, 17).redemptions().total()).isEqualTo(1);
        assertThat(harness.metric("promo.processor.duplicates", "table", "coupon_usage_log")).isEqualTo(1);
    }

    @Test
    void shouldRememberSnapshotReadsOnlyWithinTheRetention() {
        harness.snapshot(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, harness.now()));
        harness.snapshot(PROMOTIONAL_COUPONS, coupon(17, null, null));
        DerivationHarness.Piped early = harness.snapshot(COUPON_USAGE_LOG, Rows.usage(1, 17, RESTAURANT, 7, harness.now()));
        harness.jump(java.time.Duration.ofHours(2));
        harness.snapshot(COUPON_USAGE_LOG, Rows.usage(2, 17, RESTAURANT, 8, harness.now()));
        harness.redeliver(early);
        assertThat(harness.counts(CountsScope.COUPON, 17).redemptions().total()).as("within the retention: dropped")
                .isEqualTo(2);

        harness.jump(java.time.Duration.ofMinutes(10));
        harness.redeliver(early);
        assertThat(harness.counts(CountsScope.COUPON, 17).redemptions().total())
                .as("2 h behind the newest snapshot read, past the 1 h retention: forgotten, so counted again").isEqualTo(3);
    }

    @Test
    void shouldAnnounceALimitCrossingExactlyOnce() {
        dealAndCoupon(coupon(17, 3, null));
        for (int i = 0; i < 5; i++) {
            redeem(17, 100 + i);
        }

        List<DerivedEvent> reached = harness.events(DerivedEventType.COUPON_LIMIT_REACHED);
        assertThat(reached).hasSize(1);
        CouponLimitReached data = reached.get(0).dataAs(CouponLimitReached.class);
        assertThat(data.usageLimit()).isEqualTo(3);
        assertThat(data.redemptions()).isEqualTo(3);
        assertThat(data.code()).isEqualTo("SAVE17");
        List<String> types = harness.events().stream().map(DerivedEvent::type).toList();
        assertThat(types.indexOf("coupon_limit_reached")).as("after the third redemption")
                .isEqualTo(nthIndex(types, "coupon_redeemed", 3) + 1);
        RedemptionCounts counts = harness.counts(CountsScope.COUPON, 17);
        assertThat(counts.redemptions().total()).isEqualTo(5);
        assertThat(counts.limitReached()).isTrue();
        assertThat(counts.usageLimit()).isEqualTo(3);
    }

    @Test
    void shouldAnnounceAgainWhenARaisedLimitIsReachedAgain() {
        ObjectNode coupon = coupon(17, 2, null);
        dealAndCoupon(coupon);
        redeem(17, 1);
        redeem(17, 2);
        ObjectNode raised = Rows.with(coupon, "usage_limit", 3);
        harness.update(PROMOTIONAL_COUPONS, coupon, raised);
        assertThat(harness.counts(CountsScope.COUPON, 17).limitReached()).as("re-armed").isFalse();
        redeem(17, 3);
        redeem(17, 4);

        assertThat(harness.events(DerivedEventType.COUPON_LIMIT_REACHED))
                .extracting(e -> e.dataAs(CouponLimitReached.class).usageLimit()).containsExactly(2, 3);
        assertThat(harness.events(DerivedEventType.COUPON_LIMIT_REACHED)).extracting(DerivedEvent::eventId)
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldAnnounceWhenALimitIsLoweredToTheCurrentCount() {
        ObjectNode coupon = coupon(17, 10, null);
        dealAndCoupon(coupon);
        redeem(17, 1);
        redeem(17, 2);
        harness.update(PROMOTIONAL_COUPONS, coupon, Rows.with(coupon, "usage_limit", 2));

        List<DerivedEvent> reached = harness.events(DerivedEventType.COUPON_LIMIT_REACHED);
        assertThat(reached).hasSize(1);
        assertThat(reached.get(0).source().topic()).isEqualTo(PROMOTIONAL_COUPONS.topic().name());
    }

    @Test
    void shouldNeverAnnounceALimitForAnUnlimitedCoupon() {
        dealAndCoupon(coupon(17, null, null));
        for (int i = 0; i < 50; i++) {
            redeem(17, i);
        }
        assertThat(harness.events(DerivedEventType.COUPON_LIMIT_REACHED)).isEmpty();
        assertThat(harness.counts(CountsScope.COUPON, 17).redemptions().total()).isEqualTo(50);
        assertThat(harness.counts(CountsScope.COUPON, 17).limitReached()).isFalse();
    }

    @Test
    void shouldTakeARefundOutOfEveryCountAndRearmTheLimit() {
        dealAndCoupon(coupon(17, 2, null));
        redeem(17, 7);
        ObjectNode refunded = redeem(17, 8);
        assertThat(harness.events(DerivedEventType.COUPON_LIMIT_REACHED)).hasSize(1);

        harness.delete(COUPON_USAGE_LOG, refunded);
        RedemptionCounts coupon = harness.counts(CountsScope.COUPON, 17);
        assertThat(coupon.redemptions().total()).isEqualTo(1);
        assertThat(coupon.redemptions().today()).isEqualTo(1);
        assertThat(coupon.redemptions().lastHour()).isEqualTo(1);
        assertThat(coupon.discountGiven().total()).isEqualByComparingTo("4.50");
        assertThat(coupon.limitReached()).isFalse();
        assertThat(harness.counts(CountsScope.DEAL, 83).redemptions().total()).isEqualTo(1);
        assertThat(harness.counts(CountsScope.RESTAURANT, RESTAURANT).revenue().total()).isEqualByComparingTo("30.00");
        assertThat(harness.savings(8).redemptions()).isZero();
        assertThat(harness.savings(8).totalSaved()).isEqualByComparingTo("0");
        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).as("a refund is not a redemption").hasSize(2);

        redeem(17, 9);
        assertThat(harness.events(DerivedEventType.COUPON_LIMIT_REACHED)).as("reached again after the refund").hasSize(2);
    }

    @Test
    void shouldMoveCountsWhenAUsageRowIsCorrected() {
        dealAndCoupon(coupon(17, null, null));
        harness.insert(PROMOTIONAL_COUPONS, Rows.with(Rows.with(coupon(18, null, null), "code", "OTHER"), "deal_id", null));
        ObjectNode usage = redeem(17, 7);
        ObjectNode corrected = Rows.with(Rows.with(usage, "coupon_id", 18), "discount_applied", "6.00");
        harness.update(COUPON_USAGE_LOG, usage, corrected);

        assertThat(harness.counts(CountsScope.COUPON, 17).redemptions().total()).isZero();
        assertThat(harness.counts(CountsScope.COUPON, 18).redemptions().total()).isEqualTo(1);
        assertThat(harness.counts(CountsScope.COUPON, 18).discountGiven().total()).isEqualByComparingTo("6.00");
        assertThat(harness.counts(CountsScope.DEAL, 83).redemptions().total()).isZero();
        assertThat(harness.counts(CountsScope.RESTAURANT, RESTAURANT).redemptions().total()).isEqualTo(1);
        assertThat(harness.savings(7).totalSaved()).isEqualByComparingTo("6.00");
    }

    @Test
    void shouldAnnounceAPerCustomerLimitForThatCustomerOnly() {
        dealAndCoupon(coupon(17, null, 2));
        redeem(17, 7);
        redeem(17, 8);
        redeem(17, 7);
        redeem(17, 7);

        List<DerivedEvent> reached = harness.events(DerivedEventType.CUSTOMER_COUPON_LIMIT_REACHED);
        assertThat(reached).hasSize(1);
        assertThat(reached.get(0).customerId()).isEqualTo(7L);
        assertThat(reached.get(0).dataAs(CustomerCouponLimitReached.class).perCustomerLimit()).isEqualTo(2);
        assertThat(reached.get(0).dataAs(CustomerCouponLimitReached.class).redemptions()).isEqualTo(2);
    }

    @Test
    void shouldWaitForACouponThatArrivesAfterItsRedemption() {
        harness.insert(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, harness.now()));
        redeem(17, 7);
        redeem(17, 8);
        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).isEmpty();

        harness.insert(PROMOTIONAL_COUPONS, coupon(17, 2, null));
        assertThat(harness.events()).extracting(DerivedEvent::type).containsExactly("deal_published", "coupon_created",
                "coupon_redeemed", "coupon_redeemed", "coupon_limit_reached");
        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).extracting(DerivedEvent::customerId)
                .containsExactly(7L, 8L);
        assertThat(harness.counts(CountsScope.COUPON, 17).redemptions().total()).isEqualTo(2);
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void shouldWaitForTheCouponsDealToo() {
        harness.insert(PROMOTIONAL_COUPONS, coupon(17, null, null));
        redeem(17, 7);
        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).isEmpty();

        harness.insert(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, harness.now()));
        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).hasSize(1);
        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED).get(0).dataAs(CouponRedeemed.class).dealTitle())
                .isEqualTo("Deal 83");
        assertThat(harness.counts(CountsScope.DEAL, 83).redemptions().total()).isEqualTo(1);
    }

    @Test
    void shouldReleaseOnlyTheRedemptionsWaitingForTheDealThatArrived() {
        harness.insert(PROMOTIONAL_COUPONS, coupon(17, null, null));
        harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(18, RESTAURANT, 84L, null, null, harness.now()));
        redeem(17, 7);
        redeem(18, 8);
        redeem(19, 9);

        harness.insert(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, harness.now()));
        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).as("coupon 17's, whose deal 83 arrived")
                .extracting(DerivedEvent::customerId).containsExactly(7L);

        harness.insert(PROMOTIONAL_DEALS, Rows.deal(84, RESTAURANT, harness.now()));
        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).as("then coupon 18's; coupon 19 never came")
                .extracting(DerivedEvent::customerId).containsExactly(7L, 8L);
        assertThat(harness.counts(CountsScope.DEAL, 84).redemptions().total()).isEqualTo(1);
        assertThat(harness.deadLetters()).isEmpty();
    }

    @Test
    void shouldDeadLetterRedemptionsWhoseCouponNeverArrives() {
        harness.insert(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, harness.now()));
        ObjectNode lost = redeem(404, 7);
        harness.delete(COUPON_USAGE_LOG, lost);
        dealAndCouponOnly17();
        redeem(17, 8);

        harness.advance(java.time.Duration.ofMinutes(4));
        assertThat(harness.deadLetters()).isEmpty();
        harness.advance(java.time.Duration.ofMinutes(1).plusSeconds(1));

        assertThat(harness.deadLetters()).hasSize(2).allSatisfy(letter -> {
            assertThat(letter.reason()).isEqualTo("missing_reference");
            assertThat(letter.detail()).contains("coupon 404 of restaurant 42").contains("5m");
            assertThat(letter.source().topic()).isEqualTo(COUPON_USAGE_LOG.topic().name());
            assertThat(letter.source().lsn()).isPositive();
            assertThat(letter.stage()).isEqualTo("restaurant");
        });
        assertThat(harness.deadLetters()).extracting(l -> l.source().offset()).containsExactly(0L, 1L);
        assertThat(harness.metric("promo.processor.dead.letters", "reason", "missing_reference")).isEqualTo(2);
        assertThat(harness.events(DerivedEventType.COUPON_REDEEMED)).as("other coupons go on").hasSize(1);
        assertThat(harness.counts(CountsScope.RESTAURANT, RESTAURANT).redemptions().total()).isEqualTo(1);
    }

    private void dealAndCouponOnly17() {
        harness.insert(PROMOTIONAL_COUPONS, coupon(17, null, null));
    }

    @Test
    void shouldCountSnapshotRowsWithoutAnnouncingThem() {
        harness.snapshot(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, harness.now()));
        harness.snapshot(PROMOTIONAL_COUPONS, coupon(17, 2, null));
        harness.snapshot(COUPON_USAGE_LOG, Rows.usage(1, 17, RESTAURANT, 7, harness.now()));
        harness.snapshot(COUPON_USAGE_LOG, Rows.usage(2, 17, RESTAURANT, 8, harness.now()));

        assertThat(harness.events()).isEmpty();
        assertThat(harness.counts(CountsScope.COUPON, 17).redemptions().total()).isEqualTo(2);
        assertThat(harness.counts(CountsScope.COUPON, 17).limitReached()).isTrue();
        redeem(17, 9);
        assertThat(harness.events(DerivedEventType.COUPON_LIMIT_REACHED)).as("reached during the snapshot, not now")
                .isEmpty();
    }

    @Test
    void shouldDeriveTheSameEventIdsFromTheSameChanges() {
        assertThat(redemptionScenario()).isEqualTo(redemptionScenario()).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void shouldIdentifyALimitCrossingTheSameWhicheverRowHappensToCrossIt() {
        assertThat(limitEventIds(List.of(1L, 2L, 3L))).isEqualTo(limitEventIds(List.of(3L, 1L, 2L))).hasSize(1);
    }

    private List<String> limitEventIds(List<Long> usageOrder) {
        try (DerivationHarness fresh = new DerivationHarness()) {
            fresh.insert(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, fresh.now()));
            fresh.insert(PROMOTIONAL_COUPONS, Rows.coupon(17, RESTAURANT, 83L, 2, null, fresh.now()));
            for (long usage : usageOrder) {
                fresh.insert(COUPON_USAGE_LOG, Rows.usage(usage, 17, RESTAURANT, usage, fresh.now()));
            }
            return fresh.events(DerivedEventType.COUPON_LIMIT_REACHED).stream().map(DerivedEvent::eventId).toList();
        }
    }

    private List<String> redemptionScenario() {
        try (DerivationHarness fresh = new DerivationHarness()) {
            fresh.insert(PROMOTIONAL_DEALS, Rows.deal(83, RESTAURANT, fresh.now()));
            fresh.insert(PROMOTIONAL_COUPONS, Rows.coupon(17, RESTAURANT, 83L, 2, 1, fresh.now()));
            fresh.insert(COUPON_USAGE_LOG, Rows.usage(1, 17, RESTAURANT, 7, fresh.now()));
            fresh.insert(COUPON_USAGE_LOG, Rows.usage(2, 17, RESTAURANT, 8, fresh.now()));
            List<String> ids = new ArrayList<>();
            fresh.events().forEach(e -> ids.add(e.type() + ":" + e.eventId()));
            return ids;
        }
    }

    private static int nthIndex(List<String> list, String value, int n) {
        int seen = 0;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).equals(value) && ++seen == n) {
                return i;
            }
        }
        return -1;
    }
}
