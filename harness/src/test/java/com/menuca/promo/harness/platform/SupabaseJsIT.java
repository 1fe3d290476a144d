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
 * The seed's supabase-js snippets (src/test/supabase-js/seed/: the seed's calls, docs/supabase.md maps
 * them), run unchanged under the real supabase-js against {@code promo dev}: rows committed in
 * PostgreSQL go through the real capture, stream processor and gateway to each snippet's callbacks.
 * Each snippet runs as every user it applies to (anonymous with the publishable key or a legacy anon
 * key, a signed-in customer, the restaurant's staff, an operator), under supabase-js 2.119.2 on Node
 * 22 and, for the oldest supported, 2.109.0 on Node 20; the assertions are what each callback would
 * show that user. "Nothing else" is proved by a sentinel row committed last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupabaseJsIT {
    private static final long CUSTOMER_APP_R = 9101;
    private static final long DASHBOARD_R = 9102;
    private static final long PERFORMANCE_R = 9103;
    private static final long EMPTY_R = 9104;
    private static final long ADMIN_R = 9105;
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

        boolean isPublic() {
            return !isStaffOrOperator();
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
    void theCustomerAppNotifiesEachUserOfEachNewActiveDealOnce() throws Exception {
        long r = CUSTOMER_APP_R;
        List<Seat> seats = seats(List.of(PlatformUsers.anonymous(), PlatformUsers.anonymousLegacyKey(),
                PlatformUsers.customer(CUSTOMER), PlatformUsers.staff(r), PlatformUsers.operator()),
                List.of(PlatformUsers.anonymous(), PlatformUsers.staff(r)), "-deals");
        Map<Seat, String> runs = new LinkedHashMap<>();
        for (Seat seat : seats) {
            runs.put(seat, seat.js().snippet(seat.id() + "-deals", "customer-app-new-deals.js",
                    SupabaseJs.Bindings.of(Map.of("restaurantId", r), List.of("showNotification"))));
        }
        String topic = "realtime:restaurant:" + r + ":deals";
        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            assertThat(awaitStatus(run.getKey().js(), run.getValue(), topic, "SUBSCRIBED"))
                    .as("%s: any public user may join a restaurant's deals", run.getKey().id()).doesNotContain("CHANNEL_ERROR");
        }

        long draft = dev.sql("INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, "
                + "ends_at, is_active, status) VALUES (" + r + ", 'Tuesday special', 'percent', 15, "
                + "now() + interval '2 days', false, 'draft') RETURNING id");
        dev.sql(liveDeal(r, "Two pizzas for one"));
        dev.sql("UPDATE menuca_v3.promotional_deals SET is_active = true, status = 'active' WHERE id = " + draft);
        dev.sql(liveDeal(r, "Sentinel"));

        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            Seat seat = run.getKey();
            // an inactive deal's INSERT never matches is_active=eq.true. Switched on later it is an UPDATE for who saw
            // the draft (staff, operator), but for the public it is new: the row enters their view, delivered as INSERT
            List<String> expected = seat.isPublic() ? List.of("Two pizzas for one", "Tuesday special", "Sentinel")
                    : List.of("Two pizzas for one", "Sentinel");
            for (String title : expected) {
                seat.js().awaitCall(run.getValue(), "showNotification", args -> args.get(0).path("message").asText().equals(title));
            }
            // rows are spread over the change topic's partitions by id: each row's changes in order, rows in any order
            List<JsonNode> shown = seat.js().calls(run.getValue(), "showNotification");
            assertThat(shown).extracting(args -> args.get(0).path("message").asText())
                    .as("%s: the notifications, each once", seat.id()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(shown).extracting(args -> args.get(0).toString()).contains(
                    "{\"title\":\"A new deal is on\",\"message\":\"Two pizzas for one\",\"action\":\"See the deal\"}");
            seat.js().stop(run.getValue());
        }
    }

    @Test
    void theRestaurantDashboardCountsEachRedemptionForItsStaffAndOperatorsOnly() throws Exception {
        long r = DASHBOARD_R;
        List<Seat> seats = seats(List.of(PlatformUsers.staff(r), PlatformUsers.operator(), PlatformUsers.anonymous(),
                PlatformUsers.customer(CUSTOMER)), List.of(PlatformUsers.staff(r), PlatformUsers.customer(CUSTOMER)),
                "-redemptions");
        Map<Seat, String> runs = new LinkedHashMap<>();
        for (Seat seat : seats) {
            runs.put(seat, seat.js().snippet(seat.id() + "-redemptions", "restaurant-dashboard-live-redemptions.js",
                    SupabaseJs.Bindings.of(Map.of("restaurantId", r),
                            List.of("incrementRedemptionCount", "addToRecentActivity", "playSuccessSound"))));
        }
        String topic = "realtime:restaurant:" + r + ":redemptions";
        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            Seat seat = run.getKey();
            if (seat.isStaffOrOperator()) {
                // realtime-js retries a join unanswered in 10 s (TIMED_OUT): on a loaded machine the first join of a
                // channel family can take that long (the gateway answers once its feed reads the family's topic)
                List<String> before = awaitStatus(seat.js(), run.getValue(), topic, "SUBSCRIBED");
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
                JsonNode refused = awaitStatusEvent(seat.js(), run.getValue(), topic, "CHANNEL_ERROR");
                assertThat(refused.path("error").asText()).as("%s: why", seat.id()).startsWith("Unauthorized");
            }
        }

        long coupon = dev.sql(couponInsert(r, "LUNCH10", null, "NULL"));
        List<Long> usages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            usages.add(dev.sql(usageInsert(coupon, r, CUSTOMER, "2.50")));
        }
        long sentinel = dev.sql(usageInsert(coupon, r, CUSTOMER + 1, "1.00"));
        usages.add(sentinel);

        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            Seat seat = run.getKey();
            SupabaseJs js = seat.js();
            if (seat.isStaffOrOperator()) {
                for (long usage : usages) {
                    js.awaitCall(run.getValue(), "addToRecentActivity", args -> args.get(0).path("id").asLong() == usage);
                }
                // the handler's three calls reach the test as three events: the sound, its last, closes each row
                js.awaitCalls(run.getValue(), "playSuccessSound", usages.size());
            }
        }
        // every staff and operator client got every row, the sentinel committed last included: nothing more will come
        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            Seat seat = run.getKey();
            SupabaseJs js = seat.js();
            int expected = seat.isStaffOrOperator() ? usages.size() : 0;
            assertThat(js.calls(run.getValue(), "incrementRedemptionCount")).as("%s: the counter", seat.id()).hasSize(expected);
            assertThat(js.calls(run.getValue(), "playSuccessSound")).as("%s: sounds", seat.id()).hasSize(expected);
            List<JsonNode> activity = js.calls(run.getValue(), "addToRecentActivity");
            assertThat(activity).extracting(args -> args.get(0).path("id").asLong())
                    .as("%s: each redemption's row once", seat.id())
                    .containsExactlyInAnyOrderElementsOf(seat.isStaffOrOperator() ? usages : List.of());
            for (JsonNode args : activity) {
                assertThat(args.get(0).path("restaurant_id").asLong()).isEqualTo(r);
                assertThat(args.get(0).path("coupon_id").asLong()).isEqualTo(coupon);
                assertThat(args.get(0).path("discount_applied").isNumber()).as("the row as PostgreSQL has it: %s", args).isTrue();
            }
            if (seat.isPublic()) {
                assertThat(statuses(js, run.getValue(), topic)).as("%s never subscribed", seat.id()).doesNotContain("SUBSCRIBED");
            }
            js.stop(run.getValue());
        }
    }

    @Test
    void theAdminLogsEveryChangeOfTheDealsItsTokenMaySee() throws Exception {
        long r = ADMIN_R;
        List<Seat> seats = seats(List.of(PlatformUsers.operator(), PlatformUsers.staff(r), PlatformUsers.anonymous()),
                List.of(PlatformUsers.operator()), "-admin");
        Map<Seat, String> runs = new LinkedHashMap<>();
        for (Seat seat : seats) {
            runs.put(seat, seat.js().snippet(seat.id() + "-admin", "admin-deal-changes.js",
                    SupabaseJs.Bindings.of(Map.of(), List.of("console.log"))));
        }
        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            awaitStatus(run.getKey().js(), run.getValue(), "realtime:custom-notifications", "SUBSCRIBED");
        }

        long live = dev.sql(liveDeal(r, "Family box"));
        long draft = dev.sql("INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, "
                + "ends_at, is_active, status) VALUES (" + r + ", 'Not yet', 'percent', 5, now() + interval '2 days', false, "
                + "'draft') RETURNING id");
        dev.sql("UPDATE menuca_v3.promotional_deals SET title = 'Family box XL' WHERE id = " + live);
        dev.sql("DELETE FROM menuca_v3.promotional_deals WHERE id = " + live);
        dev.sql("UPDATE menuca_v3.promotional_deals SET is_active = true, status = 'active' WHERE id = " + draft);
        dev.sql("DELETE FROM menuca_v3.promotional_deals WHERE id = " + draft);
        long sentinel = dev.sql(liveDeal(r, "Sentinel"));

        for (Map.Entry<Seat, String> run : runs.entrySet()) {
            Seat seat = run.getKey();
            SupabaseJs js = seat.js();
            // the public never sees the draft as a draft: it enters their view when switched on (INSERT) and leaves it
            Map<Long, List<String>> expected = seat.isPublic()
                    ? Map.of(live, List.of("INSERT", "UPDATE", "DELETE"), draft, List.of("INSERT", "DELETE"), sentinel, List.of("INSERT"))
                    : Map.of(live, List.of("INSERT", "UPDATE", "DELETE"), draft, List.of("INSERT", "UPDATE", "DELETE"),
                            sentinel, List.of("INSERT"));
            Instant deadline = Instant.now().plus(WAIT);
            while (!logged(js, run.getValue(), live, draft, sentinel).equals(expected) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            // each row's changes in commit order (one row, one partition of the change topic)
            assertThat(logged(js, run.getValue(), live, draft, sentinel)).as("%s: the changes logged", seat.id())
                    .isEqualTo(expected);
            js.stop(run.getValue());
        }
    }

    /** The admin's console.log calls: change types per deal id (of {@code ids}), in arrival order. */
    private static Map<Long, List<String>> logged(SupabaseJs js, String run, long... ids) {
        Map<Long, List<String>> logged = new LinkedHashMap<>();
        for (JsonNode args : js.calls(run, "console.log")) {
            assertThat(args.get(0).asText()).isEqualTo("Deal change:");
            JsonNode change = args.get(1);
            assertThat(change.path("schema").asText()).isEqualTo("menuca_v3");
            assertThat(change.path("table").asText()).isEqualTo("promotional_deals");
            String type = change.path("eventType").asText();
            long id = (type.equals("DELETE") ? change.path("old") : change.path("new")).path("id").asLong();
            if (java.util.Arrays.stream(ids).noneMatch(known -> known == id)) {
                continue;
            }
            if (type.equals("UPDATE") && change.path("old").path("title").asText().equals("Family box")) {
                assertThat(change.path("new").path("title").asText()).as("the row after").isEqualTo("Family box XL");
            }
            String shown = type.equals("UPDATE") && !change.path("old").has("id") ? "UPDATE without the old row" : type;
            logged.computeIfAbsent(id, k -> new ArrayList<>()).add(shown);
        }
        return logged;
    }

    @Test
    void theLiveAnalyticsDashboardShowsThePlatformsRowsEveryThirtySeconds() throws Exception {
        long r = PERFORMANCE_R;
        long happyHour = dev.sql(deal(r, "Happy hour", "now() - interval '3 hours 1 minute'", "true", "active"));
        long lunch = dev.sql(deal(r, "Lunch", "now() - interval '1 hour 1 minute'", "true", "active"));
        long tonight = dev.sql(deal(r, "Tonight only", "now() + interval '2 hours'", "true", "scheduled"));
        long happyCoupon = dev.sql(couponInsert(r, "HAPPY", happyHour, "NULL"));
        long lunchCoupon = dev.sql(couponInsert(r, "LUNCH", lunch, "NULL"));
        long tonightCoupon = dev.sql(couponInsert(r, "TONIGHT", tonight, "NULL"));
        for (int i = 0; i < 9; i++) {
            dev.sql(usageInsert(tonightCoupon, r, CUSTOMER + i, "1.00")); // a deal not started yet is not live
        }
        for (int i = 0; i < 2; i++) {
            dev.sql(usageInsert(lunchCoupon, r, CUSTOMER + i, "2.00"));
        }
        for (int i = 0; i < 6; i++) {
            dev.sql(usageInsert(happyCoupon, r, CUSTOMER + i, "3.00"));
        }
        List<Seat> seats = seats(List.of(PlatformUsers.staff(r), PlatformUsers.operator(), PlatformUsers.anonymous(),
                PlatformUsers.customer(CUSTOMER)), List.of(PlatformUsers.staff(r)), "-rpc");
        Seat staff = seats.get(0);
        // each deal's count reaches the restaurant's performance on its own path (partitioned by deal):
        // the barrier is both deals' counts, not the last one committed
        awaitUsage(staff, r, happyHour, 6);
        awaitUsage(staff, r, lunch, 2);

        Map<Seat, String> runs = new LinkedHashMap<>();
        for (Seat seat : seats) {
            String run = seat.js().snippet(seat.id() + "-rpc", "live-analytics-dashboard.js",
                    SupabaseJs.Bindings.of(Map.of("restaurantId", r), List.of("updateDashboard")).withClock());
            runs.put(seat, run);
            assertThat(seat.js().intervals(run)).as("every 30 seconds").containsExactly(30_000L);
            assertThat(seat.js().calls(run, "updateDashboard")).as("nothing before the first 30 seconds").isEmpty();
            seat.js().tick(run);
            List<JsonNode> shown = seat.js().calls(run, "updateDashboard");
            assertThat(shown).hasSize(1);
            JsonNode rows = shown.get(0).get(0);
            if (seat.isStaffOrOperator()) {
                assertThat(rows).as("%s: live deals, most redeemed first", seat.id()).hasSize(2);
                assertPlatformRow(rows.get(0), happyHour, "Happy hour", 6, 3, "2");
                assertPlatformRow(rows.get(1), lunch, "Lunch", 2, 1, "2");
            } else {
                assertThat(rows.isNull()).as("%s: the snippet shows data, null when refused: %s", seat.id(), rows).isTrue();
                JsonNode refused = seat.js().rpc(seat.id() + "-rpc", "get_live_deal_performance", Map.of("p_restaurant_id", r),
                        Map.of(), List.of());
                assertThat(refused.path("error").path("code").asText()).as("%s: why", seat.id()).isEqualTo("42501");
                assertThat(refused.path("error").path("message").asText())
                        .isEqualTo("permission denied for function get_live_deal_performance");
            }
        }
        dev.sql(usageInsert(happyCoupon, r, CUSTOMER, "3.00"));
        awaitUsage(staff, r, happyHour, 7);
        for (Seat seat : List.of(staff, seats.get(seats.size() - 1))) {
            seat.js().tick(runs.get(seat));
            JsonNode rows = seat.js().calls(runs.get(seat), "updateDashboard").get(1).get(0);
            assertThat(rows).as("%s: the next 30 seconds", seat.id()).hasSize(2);
            assertPlatformRow(rows.get(0), happyHour, "Happy hour", 7, 3, "2.33");
        }
        runs.forEach((seat, run) -> seat.js().stop(run));

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
        assertThat(shaped.path("data").toString()).isEqualTo("{\"deal_id\":" + happyHour + ",\"usage_count\":7}");
        JsonNode whole = latest.rpc(staff.id() + "-rpc", "get_live_restaurant_performance", Map.of("p_restaurant_id", r),
                Map.of(), List.of());
        assertThat(whole.path("data").path("restaurant_id").asLong()).as("the richer object, by its own name").isEqualTo(r);
        assertThat(whole.path("data").path("redemptions").path("total").asLong()).isEqualTo(9 + 2 + 7);

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

    private void awaitUsage(Seat staff, long restaurant, long deal, long usage) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        JsonNode answer;
        do {
            answer = staff.js().rpc(staff.id() + "-rpc", "get_live_deal_performance", Map.of("p_restaurant_id", restaurant),
                    Map.of(), List.of());
            for (JsonNode row : answer.path("data")) {
                if (row.path("deal_id").asLong() == deal && row.path("usage_count").asLong() == usage) {
                    return;
                }
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("the performance of restaurant " + restaurant + " never showed " + usage + " uses: " + answer);
    }

    /** The statuses supabase-js gave the run's channel, up to the first {@code wanted}. */
    private static List<String> awaitStatus(SupabaseJs js, String run, String topic, String wanted) throws InterruptedException {
        awaitStatusEvent(js, run, topic, wanted);
        List<String> seen = statuses(js, run, topic);
        return seen.subList(0, seen.indexOf(wanted) + 1);
    }

    private static JsonNode awaitStatusEvent(SupabaseJs js, String run, String topic, String wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode status : js.statuses(run, topic)) {
                if (status.path("status").asText().equals(wanted)) {
                    return status;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(run + " on " + topic + " never " + wanted + ": " + statuses(js, run, topic));
    }

    private static List<String> statuses(SupabaseJs js, String run, String topic) {
        return js.statuses(run, topic).stream().map(status -> status.path("status").asText()).toList();
    }

    private static String deal(long restaurant, String title, String startsAt, String active, String status) {
        return "INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, starts_at, ends_at, "
                + "is_active, status) VALUES (" + restaurant + ", '" + title + "', 'percent', 20, " + startsAt + ", "
                + "now() + interval '1 day', " + active + ", '" + status + "') RETURNING id";
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
