package com.menuca.promo.processor.topology;

import static com.menuca.promo.schemas.cdc.CdcTable.COUPON_USAGE_LOG;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_COUPONS;
import static com.menuca.promo.schemas.cdc.CdcTable.PROMOTIONAL_DEALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.processor.RestaurantZones;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.CustomerSavings;
import com.menuca.promo.schemas.derived.DealFigures;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.MinuteCount;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Live deal performance (throttled, decaying), counts by period in the restaurant's zone, customer savings. */
class PerformanceAndCountsTest {

    @Test
    void shouldPublishPerformanceAtMostOncePerSecondWithTheLiveNumbers() {
        try (DerivationHarness harness = new DerivationHarness()) {
            Instant now = harness.now();
            harness.insert(PROMOTIONAL_DEALS, Rows.deal(1, 42, now));
            harness.insert(PROMOTIONAL_DEALS, Rows.with(Rows.deal(2, 42, now), "title", "Two"));
            harness.insert(PROMOTIONAL_DEALS, Rows.with(Rows.with(Rows.deal(3, 42, now), "is_active", false), "status", "paused"));
            harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(10, 42, 1L, null, null, now));
            harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(20, 42, 2L, null, null, now));
            harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(30, 42, 3L, null, null, now));
            for (int i = 1; i <= 20; i++) {
                long coupon = i <= 12 ? 10 : i <= 19 ? 20 : 30;
                harness.insert(COUPON_USAGE_LOG, Rows.usage(i, coupon, 42, i, now.minus(Duration.ofMinutes(i * 5L))));
            }
            assertThat(harness.performance()).as("nothing before the first punctuation").isEmpty();

            harness.advance(Duration.ofSeconds(1));
            assertThat(harness.performance()).hasSize(1);
            harness.insert(COUPON_USAGE_LOG, Rows.usage(21, 10, 42, 99, harness.now()));
            harness.advance(Duration.ofMillis(500));
            assertThat(harness.performance()).as("not twice within a second").hasSize(1);
            harness.advance(Duration.ofMillis(500));
            assertThat(harness.performance()).hasSize(2);

            DealPerformance p = harness.performance().get(1);
            assertThat(p.restaurantId()).isEqualTo(42);
            assertThat(p.activeDeals()).isEqualTo(2);
            assertThat(p.redemptions().total()).isEqualTo(21);
            assertThat(p.redemptions().today()).isEqualTo(21);
            assertThat(p.redemptions().lastHour()).as("used within the last 60 minutes").isEqualTo(12);
            assertThat(p.discountGiven().total()).isEqualByComparingTo("94.50");
            assertThat(p.revenue().total()).isEqualByComparingTo("630.00");
            assertThat(p.deals()).extracting(DealFigures::dealId).as("live deals, most redeemed first").containsExactly(1L, 2L);
            DealFigures top = p.deals().get(0);
            assertThat(top.usageCount()).isEqualTo(13);
            assertThat(top.hoursActive()).isEqualTo(1);
            assertThat(top.redemptionsPerHour()).isEqualByComparingTo("13.00");
            assertThat(p.topDeals()).extracting(DealFigures::dealId).containsExactly(1L, 2L, 3L);
            assertThat(p.topDeals().get(2).live()).isFalse();
            assertThat(p.zone()).isEqualTo("UTC");
            assertThat(p.date()).isEqualTo(LocalDate.of(2026, 11, 28));

            List<MinuteCount> perMinute = p.redemptionsPerMinute();
            assertThat(perMinute).as("the last 30 minutes, one entry each").hasSize(30);
            assertThat(perMinute.get(29).minute()).isEqualTo(p.asOf().truncatedTo(ChronoUnit.MINUTES));
            for (int i = 1; i < perMinute.size(); i++) {
                assertThat(perMinute.get(i).minute()).isEqualTo(perMinute.get(i - 1).minute().plusSeconds(60));
            }
            assertThat(perMinute).as("rows used 5, 10, 15, 20 and 25 minutes ago, and the one just now")
                    .filteredOn(m -> m.redemptions() > 0).hasSize(6).allMatch(m -> m.redemptions() == 1);
            assertThat(perMinute.get(29 - 5).redemptions()).isEqualTo(1);
        }
    }

    @Test
    void shouldPublishEachKeysCountsAtMostOncePerInterval() {
        try (DerivationHarness harness = new DerivationHarness()) {
            harness.insert(PROMOTIONAL_DEALS, Rows.deal(1, 42, harness.now()));
            harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(10, 42, 1L, null, null, harness.now()));
            for (int i = 1; i <= 50; i++) {
                harness.insert(COUPON_USAGE_LOG, Rows.usage(i, 10, 42, i, harness.now()));
            }
            harness.advance(Duration.ofSeconds(1));
            assertThat(harness.countsPublished()).as("one per key for the 50 redemptions of the second")
                    .extracting(k -> k.scope() + "/" + k.id())
                    .containsExactlyInAnyOrder("COUPON/10", "DEAL/1", "RESTAURANT/42");
            assertThat(harness.counts(CountsScope.COUPON, 10).redemptions().total()).isEqualTo(50);
        }
    }

    @Test
    void shouldLetTheLastHourDecayWithoutNewRedemptions() {
        try (DerivationHarness harness = new DerivationHarness()) {
            harness.insert(PROMOTIONAL_DEALS, Rows.deal(1, 42, harness.now()));
            harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(10, 42, 1L, null, null, harness.now()));
            harness.insert(COUPON_USAGE_LOG, Rows.usage(1, 10, 42, 7, harness.now()));
            harness.advance(Duration.ofSeconds(1));
            assertThat(harness.performance()).last().satisfies(p -> assertThat(p.redemptions().lastHour()).isEqualTo(1));

            harness.jump(Duration.ofMinutes(61));
            DealPerformance decayed = harness.performance().get(harness.performance().size() - 1);
            assertThat(decayed.redemptions().lastHour()).isZero();
            assertThat(decayed.redemptions().today()).isEqualTo(1);
            assertThat(harness.counts(CountsScope.RESTAURANT, 42).redemptions().lastHour()).as("restaurant counts decay too")
                    .isZero();
        }
    }

    @Test
    void shouldCountTodayInTheRestaurantsZone() {
        ZoneId toronto = ZoneId.of("America/Toronto");
        DerivationSettings settings = new DerivationSettings(new RestaurantZones(Map.of(42L, toronto), ZoneId.of("UTC")),
                List.of(Duration.ofHours(1)), Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(1), 5);
        // 02:00 UTC on Nov 29 is 21:00 on Nov 28 in Toronto
        Instant start = Instant.parse("2026-11-29T02:00:00Z");
        try (DerivationHarness harness = new DerivationHarness(settings, start)) {
            for (long restaurant : List.of(42L, 7L)) {
                harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(restaurant, restaurant, null, null, null, start));
                harness.insert(COUPON_USAGE_LOG, Rows.usage(restaurant * 10, restaurant, restaurant, 1,
                        Instant.parse("2026-11-28T23:30:00Z")));
            }
            RedemptionCounts toronto42 = harness.counts(CountsScope.RESTAURANT, 42);
            RedemptionCounts utc7 = harness.counts(CountsScope.RESTAURANT, 7);
            assertThat(toronto42.zone()).isEqualTo("America/Toronto");
            assertThat(toronto42.date()).isEqualTo(LocalDate.of(2026, 11, 28));
            assertThat(toronto42.redemptions().today()).as("18:30 in Toronto, same local day").isEqualTo(1);
            assertThat(utc7.date()).isEqualTo(LocalDate.of(2026, 11, 29));
            assertThat(utc7.redemptions().today()).as("yesterday in UTC").isZero();
            assertThat(utc7.redemptions().total()).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepEachCustomersSavingsAcrossRestaurants() {
        try (DerivationHarness harness = new DerivationHarness()) {
            Instant now = harness.now();
            harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(10, 42, null, null, null, now));
            harness.insert(PROMOTIONAL_COUPONS, Rows.coupon(20, 7, null, null, null, now));
            harness.insert(COUPON_USAGE_LOG, Rows.usage(1, 10, 42, 5, now.minusSeconds(60)));
            harness.insert(COUPON_USAGE_LOG, Rows.with(Rows.usage(2, 20, 7, 5, now), "discount_applied", "1.25"));

            CustomerSavings savings = harness.savings(5);
            assertThat(savings.redemptions()).isEqualTo(2);
            assertThat(savings.totalSaved()).isEqualByComparingTo("5.75");
            assertThat(savings.totalSpent()).isEqualByComparingTo("60.00");
            assertThat(savings.lastRedeemedAt()).isEqualTo(now);
        }
    }

    @Test
    void shouldDeleteTheCountsOfADeletedCouponAndDeal() {
        try (DerivationHarness harness = new DerivationHarness()) {
            var deal = Rows.deal(1, 42, harness.now());
            var coupon = Rows.coupon(10, 42, 1L, null, null, harness.now());
            harness.insert(PROMOTIONAL_DEALS, deal);
            harness.insert(PROMOTIONAL_COUPONS, coupon);
            var usage = Rows.usage(1, 10, 42, 7, harness.now());
            harness.insert(COUPON_USAGE_LOG, usage);
            harness.delete(COUPON_USAGE_LOG, usage);
            harness.delete(PROMOTIONAL_COUPONS, coupon);
            harness.delete(PROMOTIONAL_DEALS, deal);

            assertThat(harness.countsDeleted(CountsScope.COUPON, 10)).isTrue();
            assertThat(harness.countsDeleted(CountsScope.DEAL, 1)).isTrue();
            assertThat(harness.counts(CountsScope.RESTAURANT, 42).redemptions().total()).isZero();
        }
    }

    @Test
    void shouldMoveADealThatChangesRestaurantWithoutAnnouncingIt() {
        try (DerivationHarness harness = new DerivationHarness()) {
            var deal = Rows.deal(1, 42, harness.now());
            harness.insert(PROMOTIONAL_DEALS, deal);
            harness.update(PROMOTIONAL_DEALS, deal, Rows.with(deal, "restaurant_id", 7));
            harness.advance(Duration.ofSeconds(1));

            assertThat(harness.events()).extracting(e -> e.type() + "@" + e.restaurantId()).containsExactly("deal_published@42");
            assertThat(harness.performance()).extracting(p -> p.restaurantId() + ":" + p.activeDeals())
                    .containsExactlyInAnyOrder("42:0", "7:1");
        }
    }
    @Test
    void shouldFollowDealsAddedDeletedAndMovedAfterTheRestaurantWasFirstPublished() {
        try (DerivationHarness harness = new DerivationHarness()) {
            var first = Rows.deal(1, 42, harness.now());
            harness.insert(PROMOTIONAL_DEALS, first);
            harness.advance(Duration.ofSeconds(1));
            assertThat(harness.performance()).last().satisfies(p -> assertThat(p.deals())
                    .extracting(DealFigures::dealId).containsExactly(1L));

            var second = Rows.deal(2, 42, harness.now());
            harness.insert(PROMOTIONAL_DEALS, second);
            harness.advance(Duration.ofSeconds(1));
            assertThat(harness.performance()).last().satisfies(p -> assertThat(p.deals())
                    .extracting(DealFigures::dealId).containsExactlyInAnyOrder(1L, 2L));

            harness.delete(PROMOTIONAL_DEALS, first);
            harness.update(PROMOTIONAL_DEALS, second, Rows.with(second, "restaurant_id", 7));
            harness.insert(PROMOTIONAL_DEALS, Rows.deal(3, 42, harness.now()));
            harness.advance(Duration.ofSeconds(1));
            assertThat(harness.performance()).filteredOn(p -> p.restaurantId() == 42).last()
                    .satisfies(p -> assertThat(p.deals()).extracting(DealFigures::dealId).containsExactly(3L));
            assertThat(harness.performance()).filteredOn(p -> p.restaurantId() == 7).last()
                    .satisfies(p -> assertThat(p.deals()).extracting(DealFigures::dealId).containsExactly(2L));
        }
    }
}
