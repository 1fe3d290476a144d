package com.menuca.promo.harness.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.harness.platform.SupabaseJs.Flavour;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's frontend snippets (reconstructed: src/test/supabase-js/seed/README.md), run unchanged
 * under the real supabase-js against {@code promo dev}: rows committed in PostgreSQL go through the
 * real capture, stream processor and gateway to each snippet's callbacks. Each snippet runs as every
 * user it applies to (anonymous with the publishable key or a legacy anon key, a signed-in customer,
 * the restaurant's staff, an operator), under supabase-js 2.119.2 on Node 22 and, for the oldest
 * supported, 2.109.0 on Node 20; the assertions are what each callback would show that user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupabaseJsIT {
    private static final long CUSTOMER_APP_R = 9101;
    private static final long DASHBOARD_R = 9102;
    private static final long PERFORMANCE_R = 9103;
    private static final long EMPTY_R = 9104;
    private static final long CUSTOMER = 9601;
    private static final Duration WAIT = SupabaseJs.WAIT;

    private PromoDev dev;
    private SupabaseJs latest;
    private SupabaseJs oldest;

    /** One user under one supabase-js: the client's id in the driver. */
    private record Seat(SupabaseJs js, PlatformUsers user) {
        String id() {
            return js.flavour.argument + "-" + user.name();
        }

        boolean isStaffOrOperator() {
            return user.name().equals("staff") || user.name().equals("operator");
        }
    }

    @BeforeAll
    void start() throws Exception {
        dev = PromoDev.shared();
        latest = SupabaseJs.start(Flavour.LATEST);
        oldest = SupabaseJs.start(Flavour.OLDEST);
    }

    @AfterAll
    void stop() {
        for (SupabaseJs js : new SupabaseJs[] {latest, oldest}) {
            if (js != null) {
                js.close();
            }
        }
    }

    private List<Seat> seats(List<PlatformUsers> latestUsers, List<PlatformUsers> oldestUsers, String suffix) {
        List<Seat> seats = new ArrayList<>();
        latestUsers.forEach(user -> seats.add(new Seat(latest, user)));
        oldestUsers.forEach(user -> seats.add(new Seat(oldest, user)));
        for (Seat seat : seats) {
            seat.js().client(seat.id() + suffix, dev.stack().httpUrl(), seat.user().key(), seat.user().accessToken());
        }
        return seats;
    }

    @Test
    void theCustomerAppShowsEachUserTheDealsTheyMaySee() throws Exception {
        long r = CUSTOMER_APP_R;
        List<Seat> seats = seats(List.of(PlatformUsers.anonymous(), PlatformUsers.anonymousLegacyKey(),
                PlatformUsers.customer(CUSTOMER), PlatformUsers.staff(r), PlatformUsers.operator()),
                List.of(PlatformUsers.anonymous(), PlatformUsers.staff(r)), "-deals");
        Map<Seat, String> runs = new LinkedHashMap<>();
        for (Seat seat : seats) {
            runs.put(seat, seat.js().snippet(seat.id() + "-deals", "customer-app-deals.js", Map.of("restaurantId", r),
                    List.of("refreshDeals", "showDealNotification"), Map.of()));
        }
        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            run.getKey().js().awaitChannelState(run.getValue(), "realtime:restaurant:" + r + ":deals", "joined");
        }

        long draft = dev.sql("INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, "
                + "ends_at, is_active, status) VALUES (" + r + ", 'Tuesday special (draft)', 'percent', 15, "
                + "now() + interval '2 days', false, 'draft') RETURNING id");
        long live = dev.sql(liveDeal(r, "Two pizzas for one"));
        dev.sql("UPDATE menuca_v3.promotional_deals SET is_active = true, status = 'active' WHERE id = " + draft);
        long sentinel = dev.sql(liveDeal(r, "Sentinel"));

        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            Seat seat = run.getKey();
            SupabaseJs js = seat.js();
            // each deal published once; the sentinel, committed last, gives strays time to show
            List<JsonNode> notifications = js.awaitCalls(run.getValue(), "showDealNotification", 3);
            assertThat(notifications).extracting(args -> args.get(0).path("deal_id").asLong())
                    .as("%s: deal notifications", seat.id()).containsExactlyInAnyOrder(live, draft, sentinel);
            for (JsonNode args : notifications) {
                JsonNode published = args.get(0);
                assertThat(published.path("type").asText()).isEqualTo("deal_published");
                assertThat(published.path("restaurant_id").asLong()).isEqualTo(r);
                assertThat(published.path("event_id").asText()).isNotBlank();
                assertThat(published.path("data").path("title").asText()).isNotBlank();
            }
            // each deal's changes arrive in commit order, so a deal's last expected change is the barrier for its others
            Map<Long, List<String>> expected = seat.isStaffOrOperator()
                    ? Map.of(draft, List.of("INSERT", "UPDATE"), live, List.of("INSERT"), sentinel, List.of("INSERT"))
                    : Map.of(draft, List.of("INSERT"), live, List.of("INSERT"), sentinel, List.of("INSERT"));
            assertThat(awaitRefreshes(js, run.getValue(), expected)).as("%s: rows the deal list refreshed with", seat.id())
                    .isEqualTo(expected);
            JsonNode draftShown = js.calls(run.getValue(), "refreshDeals").stream()
                    .filter(args -> args.get(1).path("id").asLong() == draft).findFirst().orElseThrow();
            assertThat(draftShown.get(1).path("title").asText()).isEqualTo("Tuesday special (draft)");
            if (!seat.isStaffOrOperator()) {
                assertThat(draftShown.get(2).size()).as("%s never sees the draft's row as it was", seat.id()).isZero();
            }
            js.stop(run.getValue());
        }
    }

    @Test
    void theRestaurantDashboardCountsRedemptionsForItsStaffAndOperatorsOnly() throws Exception {
        long r = DASHBOARD_R;
        List<Seat> seats = seats(List.of(PlatformUsers.staff(r), PlatformUsers.operator(), PlatformUsers.anonymous(),
                PlatformUsers.customer(CUSTOMER)), List.of(PlatformUsers.staff(r)), "-redemptions");
        Map<Seat, String> runs = new LinkedHashMap<>();
        for (Seat seat : seats) {
            runs.put(seat, seat.js().snippet(seat.id() + "-redemptions", "restaurant-dashboard-redemptions.js",
                    Map.of("restaurantId", r), List.of("updateRedemptionCounter", "setConnectionStatus"), Map.of()));
        }
        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            Seat seat = run.getKey();
            if (seat.isStaffOrOperator()) {
                // realtime-js retries a join unanswered in 10 s (TIMED_OUT): on a loaded machine the first join of a
                // channel family can take that long (the gateway answers once its feed reads the family's topic)
                List<String> before = awaitStatus(seat.js(), run.getValue(), "SUBSCRIBED");
                before = before.subList(0, before.size() - 1);
                if (seat.js() == latest) {
                    assertThat(before).as("%s: the token goes with the first join, never refused as anon", seat.id())
                            .allMatch("TIMED_OUT"::equals);
                } else {
                    // 2.109 may send its first join before it read the token (as anon), then joins again with it
                    assertThat(before).as("%s: refused as anon, if at all", seat.id())
                            .allMatch(status -> status.equals("CHANNEL_ERROR") || status.equals("TIMED_OUT"));
                }
            } else {
                JsonNode status = seat.js().awaitCalls(run.getValue(), "setConnectionStatus", 1).get(0);
                assertThat(status.get(0).asText()).as("%s", seat.id()).isEqualTo("CHANNEL_ERROR");
                assertThat(status.get(1).asText()).as("the reason the dashboard shows").startsWith("Unauthorized");
            }
        }

        long coupon = dev.sql(couponInsert(r, "LUNCH10", null, "NULL"));
        List<Long> usages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            usages.add(dev.sql(usageInsert(coupon, r, CUSTOMER, "2.50")));
        }
        long sentinel = dev.sql(usageInsert(coupon, r, CUSTOMER + 1, "1.00"));

        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            SupabaseJs js = run.getKey().js();
            if (!run.getKey().isStaffOrOperator()) {
                continue;
            }
            List<JsonNode> counter = js.awaitCalls(run.getValue(), "updateRedemptionCounter", 4);
            assertThat(counter).extracting(args -> args.get(0).asInt()).as("%s: the counter", run.getKey().id())
                    .containsExactly(1, 2, 3, 4);
            // in the order the processor derived them: commit order within a source partition (docs/processor.md)
            assertThat(counter).extracting(args -> args.get(1).path("data").path("usage_id").asLong())
                    .as("each redemption once").containsExactlyInAnyOrder(usages.get(0), usages.get(1), usages.get(2), sentinel);
            for (JsonNode args : counter) {
                assertThat(args.get(1).path("type").asText()).isEqualTo("coupon_redeemed");
                assertThat(args.get(1).path("coupon_id").asLong()).isEqualTo(coupon);
                assertThat(args.get(1).path("restaurant_id").asLong()).isEqualTo(r);
            }
        }
        // every staff client got the sentinel, committed last: no more for them, nothing for the others
        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            assertThat(run.getKey().js().calls(run.getValue(), "updateRedemptionCounter"))
                    .as("%s counts", run.getKey().id()).hasSize(run.getKey().isStaffOrOperator() ? 4 : 0);
            if (!run.getKey().isStaffOrOperator()) {
                assertThat(statuses(run.getKey().js(), run.getValue())).as("%s never subscribed", run.getKey().id())
                        .doesNotContain("SUBSCRIBED");
            }
            run.getKey().js().stop(run.getValue());
        }
    }

    @Test
    void theDashboardsRpcReturnsThePlatformsRows() throws Exception {
        long r = PERFORMANCE_R;
        long deal = dev.sql("INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, "
                + "starts_at, ends_at, is_active, status) VALUES (" + r + ", 'Happy hour', 'percent', 20, "
                + "now() - interval '3 hours 1 minute', now() + interval '1 day', true, 'active') RETURNING id");
        long coupon = dev.sql(couponInsert(r, "HAPPY", deal, "NULL"));
        for (int i = 0; i < 6; i++) {
            dev.sql(usageInsert(coupon, r, CUSTOMER + i, "3.00"));
        }
        List<Seat> seats = seats(List.of(PlatformUsers.staff(r), PlatformUsers.operator(), PlatformUsers.anonymous(),
                PlatformUsers.customer(CUSTOMER)), List.of(PlatformUsers.staff(r)), "-rpc");
        Seat staff = seats.get(0);
        awaitUsage(staff, r, 6);

        for (Seat seat : seats) {
            String run = seat.js().snippet(seat.id() + "-rpc", "restaurant-dashboard-performance.js",
                    Map.of("restaurantId", r), List.of("renderPerformanceTable", "showError"), Map.of());
            if (seat.isStaffOrOperator()) {
                JsonNode rows = seat.js().awaitCalls(run, "renderPerformanceTable", 1).get(0).get(0);
                assertThat(rows).as("%s: the table's rows", seat.id()).hasSize(1);
                assertPlatformRow(rows.get(0), deal, "Happy hour", 6, 3, "2");
                assertThat(seat.js().calls(run, "showError")).isEmpty();
            } else {
                JsonNode error = seat.js().awaitCalls(run, "showError", 1).get(0);
                assertThat(error.get(0).asText()).as("%s: error code", seat.id()).isEqualTo("42501");
                assertThat(error.get(1).asText()).isEqualTo("permission denied for function get_live_deal_performance");
                assertThat(seat.js().calls(run, "renderPerformanceTable")).isEmpty();
            }
        }

        JsonNode viaPost = latest.rpc(staff.id() + "-rpc", "get_live_deal_performance", Map.of("p_restaurant_id", r), Map.of(),
                List.of());
        JsonNode viaGet = latest.rpc(staff.id() + "-rpc", "get_live_deal_performance", Map.of("p_restaurant_id", r),
                Map.of("get", true), List.of());
        assertThat(viaGet.path("status").asInt()).isEqualTo(200);
        assertThat(viaGet.path("data")).as("rpc(..., { get: true })").isEqualTo(viaPost.path("data"));
        Seat operator = seats.get(1);
        JsonNode empty = latest.rpc(operator.id() + "-rpc", "get_live_deal_performance", Map.of("p_restaurant_id", EMPTY_R),
                Map.of(), List.of());
        assertThat(empty.path("error").isNull()).as("%s", empty).isTrue();
        assertThat(empty.path("data").isArray()).as("no rows is an empty array, not null: %s", empty).isTrue();
        assertThat(empty.path("data")).isEmpty();
        JsonNode shaped = latest.rpc(staff.id() + "-rpc", "get_live_deal_performance", Map.of("p_restaurant_id", r), Map.of(),
                List.of(List.of("select", "deal_id,usage_count"), List.of("gte", "usage_count", 6),
                        List.of("order", "usage_count", Map.of("ascending", false)), List.of("limit", 1), List.of("single")));
        assertThat(shaped.path("data").toString()).isEqualTo("{\"deal_id\":" + deal + ",\"usage_count\":6}");
        JsonNode whole = latest.rpc(staff.id() + "-rpc", "get_live_restaurant_performance", Map.of("p_restaurant_id", r),
                Map.of(), List.of());
        assertThat(whole.path("data").path("restaurant_id").asLong()).as("the richer object, by its own name").isEqualTo(r);
        assertThat(whole.path("data").path("redemptions").path("total").asLong()).isEqualTo(6);

        JsonNode notANumber = latest.rpc(staff.id() + "-rpc", "get_live_deal_performance", Map.of("p_restaurant_id", "x"),
                Map.of(), List.of());
        assertThat(notANumber.path("status").asInt()).isEqualTo(400);
        assertThat(notANumber.path("error").path("code").asText()).isEqualTo("22P02");
        Seat oldStaff = seats.stream().filter(seat -> seat.js() == oldest).findFirst().orElseThrow();
        JsonNode unknown = oldest.rpc(oldStaff.id() + "-rpc", "get_deal_performance", Map.of("p_restaurant_id", r), Map.of(),
                List.of());
        assertThat(unknown.path("status").asInt()).isEqualTo(404);
        assertThat(unknown.path("error").path("code").asText()).isEqualTo("PGRST202");
        assertThat(unknown.path("error").path("hint").asText()).contains("menuca_v3.get_live_deal_performance(p_restaurant_id)");
    }

    private static void assertPlatformRow(JsonNode row, long deal, String title, long usage, long hours, String perHour) {
        assertThat(row.fieldNames()).toIterable()
                .containsExactly("deal_id", "title", "usage_count", "hours_active", "redemptions_per_hour");
        assertThat(row.path("deal_id").asLong()).isEqualTo(deal);
        assertThat(row.path("title").asText()).isEqualTo(title);
        assertThat(row.path("usage_count").asLong()).isEqualTo(usage);
        assertThat(row.path("hours_active").asLong()).isEqualTo(hours);
        assertThat(row.path("redemptions_per_hour").isNumber()).as("a number, not a string: %s", row).isTrue();
        assertThat(row.path("redemptions_per_hour").decimalValue()).isEqualByComparingTo(new BigDecimal(perHour));
    }

    private void awaitUsage(Seat staff, long restaurant, long usage) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode answer;
        do {
            answer = staff.js().rpc(staff.id() + "-rpc", "get_live_deal_performance", Map.of("p_restaurant_id", restaurant),
                    Map.of(), List.of());
            if (answer.path("data").size() > 0 && answer.path("data").get(0).path("usage_count").asLong() == usage) {
                return;
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("the performance of restaurant " + restaurant + " never showed " + usage + " uses: " + answer);
    }

    /** The statuses the snippet's subscribe callback was given, once one of them is {@code wanted}. */
    private static List<String> awaitStatus(SupabaseJs js, String run, String wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        List<String> seen = statuses(js, run);
        while (!seen.contains(wanted) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            seen = statuses(js, run);
        }
        assertThat(seen).as("statuses of %s", run).contains(wanted);
        return seen.subList(0, seen.indexOf(wanted) + 1);
    }

    private static List<String> statuses(SupabaseJs js, String run) {
        return js.calls(run, "setConnectionStatus").stream().map(args -> args.get(0).asText()).toList();
    }

    private static Map<Long, List<String>> awaitRefreshes(SupabaseJs js, String run, Map<Long, List<String>> expected)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        Map<Long, List<String>> seen = refreshes(js, run);
        while (!seen.equals(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            seen = refreshes(js, run);
        }
        return seen;
    }

    /** The refreshDeals calls: change types per deal id, in arrival order. */
    private static Map<Long, List<String>> refreshes(SupabaseJs js, String run) {
        Map<Long, List<String>> types = new LinkedHashMap<>();
        for (JsonNode args : js.calls(run, "refreshDeals")) {
            String type = args.get(0).asText();
            long id = (type.equals("DELETE") ? args.get(2) : args.get(1)).path("id").asLong();
            types.computeIfAbsent(id, k -> new ArrayList<>()).add(type);
        }
        return types;
    }

    static String liveDeal(long restaurant, String title) {
        return "INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, ends_at, "
                + "is_active, status) VALUES (" + restaurant + ", '" + title + "', 'percent', 10, now() + interval '2 days', "
                + "true, 'active') RETURNING id";
    }

    static String couponInsert(long restaurant, String code, Long deal, String usageLimit) {
        return "INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, discount_value, "
                + "usage_limit, valid_until) VALUES (" + restaurant + ", " + (deal == null ? "NULL" : deal) + ", '" + code
                + "', 'amount', 5.00, " + usageLimit + ", now() + interval '30 days') RETURNING id";
    }

    static String usageInsert(long coupon, long restaurant, long customer, String discount) {
        return "INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, "
                + "order_total) VALUES (" + coupon + ", " + restaurant + ", " + customer + ", "
                + (System.nanoTime() % 1_000_000_000L) + ", " + discount + ", 30.00) RETURNING id";
    }
}
