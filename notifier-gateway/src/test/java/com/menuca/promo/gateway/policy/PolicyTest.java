package com.menuca.promo.gateway.policy;

import static com.menuca.promo.gateway.policy.TestPrincipals.ANON;
import static com.menuca.promo.gateway.policy.TestPrincipals.AUTHENTICATED;
import static com.menuca.promo.gateway.policy.TestPrincipals.CUSTOMER_7;
import static com.menuca.promo.gateway.policy.TestPrincipals.SERVICE;
import static com.menuca.promo.gateway.policy.TestPrincipals.STAFF_42;
import static com.menuca.promo.gateway.policy.TestPrincipals.SUPABASE_CUSTOMER_7;
import static com.menuca.promo.gateway.policy.TestPrincipals.SUPABASE_STAFF_42;
import static com.menuca.promo.gateway.policy.TestPrincipals.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.filter.FilterParser;
import com.menuca.promo.gateway.postgres.TypedRow;
import com.menuca.promo.gateway.subscription.ChangeType;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default policy as a matrix of roles × tables × rows (the project's own tokens and Supabase
 * Auth's alike), live deals by the clock, both row images of a change, channel grants, join
 * refusals, and bad files.
 */
class PolicyTest {
    private static final Policy POLICY = Policy.defaults();

    /** A row of a table: restaurant 42 or 43, customer 7 or 8, active or not. */
    private static ObjectNode row(CdcTable table, long restaurant, long customer, boolean active) {
        ObjectNode row = Json.mapper().createObjectNode();
        row.put("id", 1).put("restaurant_id", restaurant);
        switch (table) {
            case PROMOTIONAL_DEALS -> row.put("is_active", active).put("status", active ? "active" : "draft")
                    .put("starts_at", Instant.now().minusSeconds(3600).toString());
            case PROMOTIONAL_COUPONS -> row.put("is_active", active).put("code", "X");
            case MARKETING_TAGS -> row.remove("restaurant_id");
            case RESTAURANT_TAG_ASSOCIATIONS -> row.put("tag_id", 3);
            case COUPON_USAGE_LOG -> row.put("customer_id", customer).put("coupon_id", 9);
        }
        return row;
    }

    private static String visible(Principal principal, CdcTable table) {
        Access access = POLICY.accessFor(principal);
        StringBuilder seen = new StringBuilder();
        for (long restaurant : new long[] {42, 43}) {
            for (long customer : new long[] {7, 8}) {
                for (boolean active : new boolean[] {true, false}) {
                    seen.append(access.canSee(table, row(table, restaurant, customer, active)) ? '1' : '0');
                }
            }
        }
        return seen.toString();
    }

    @Test
    void shouldCompileClaimFreeRulesOnceForEveryCallerAndClaimRulesPerCaller() {
        Principal customer8 = token("customer", Map.of("customer_id", 8L));
        EventFilter deals7 = POLICY.accessFor(CUSTOMER_7).channelAccess("restaurant:42:deals").orElseThrow();
        EventFilter deals8 = POLICY.accessFor(customer8).channelAccess("restaurant:42:deals").orElseThrow();
        assertThat(deals8).as("the public rule's deal_published filter is built once, not per caller or join")
                .isSameAs(deals7);
        assertThat(POLICY.accessFor(ANON).channelAccess("restaurant:42:deals")).containsSame(deals7);
        // the claim rule stays each caller's own
        assertThat(POLICY.accessFor(customer8).channelAccess("customer:8:coupons")).isPresent();
        assertThat(POLICY.accessFor(customer8).channelAccess("customer:7:coupons")).isEmpty();
        assertThat(POLICY.accessFor(customer8).canSee(CdcTable.COUPON_USAGE_LOG,
                row(CdcTable.COUPON_USAGE_LOG, 42, 7, true))).isFalse();
        assertThat(POLICY.accessFor(customer8).canSee(CdcTable.COUPON_USAGE_LOG,
                row(CdcTable.COUPON_USAGE_LOG, 42, 8, true))).isTrue();
    }

    @Test
    void defaultPolicyMatrix() {
        // cells, in order: r42/c7/active, r42/c7/inactive, r42/c8/active, r42/c8/inactive, then the same for r43
        Map<String, Map<CdcTable, String>> expected = new LinkedHashMap<>();
        expected.put("anon", Map.of(
                CdcTable.PROMOTIONAL_DEALS, "10101010", CdcTable.PROMOTIONAL_COUPONS, "00000000",
                CdcTable.MARKETING_TAGS, "11111111", CdcTable.RESTAURANT_TAG_ASSOCIATIONS, "11111111",
                CdcTable.COUPON_USAGE_LOG, "00000000"));
        expected.put("customer", Map.of(
                CdcTable.PROMOTIONAL_DEALS, "10101010", CdcTable.PROMOTIONAL_COUPONS, "00000000",
                CdcTable.MARKETING_TAGS, "11111111", CdcTable.RESTAURANT_TAG_ASSOCIATIONS, "11111111",
                CdcTable.COUPON_USAGE_LOG, "11001100"));
        expected.put("restaurant_staff", Map.of(
                CdcTable.PROMOTIONAL_DEALS, "11111010", CdcTable.PROMOTIONAL_COUPONS, "11110000",
                CdcTable.MARKETING_TAGS, "11111111", CdcTable.RESTAURANT_TAG_ASSOCIATIONS, "11111111",
                CdcTable.COUPON_USAGE_LOG, "11110000"));
        expected.put("service_role", Map.of(
                CdcTable.PROMOTIONAL_DEALS, "11111111", CdcTable.PROMOTIONAL_COUPONS, "11111111",
                CdcTable.MARKETING_TAGS, "11111111", CdcTable.RESTAURANT_TAG_ASSOCIATIONS, "11111111",
                CdcTable.COUPON_USAGE_LOG, "11111111"));
        expected.put("authenticated", expected.get("anon"));
        expected.put("supabase staff", expected.get("restaurant_staff"));
        expected.put("supabase customer", expected.get("customer"));
        Map<String, Principal> principals = Map.of("anon", ANON, "customer", CUSTOMER_7, "restaurant_staff", STAFF_42,
                "service_role", SERVICE, "authenticated", AUTHENTICATED, "supabase staff", SUPABASE_STAFF_42,
                "supabase customer", SUPABASE_CUSTOMER_7);
        expected.forEach((role, tables) -> tables.forEach((table, cells) ->
                assertThat(visible(principals.get(role), table)).as("%s on %s", role, table.tableName()).isEqualTo(cells)));
    }

    @Test
    void subscriptionsBeyondTheTokensRowsAreRefusedAtJoin() throws Exception {
        Access staff = POLICY.accessFor(STAFF_42);
        assertThat(staff.refusal(CdcTable.COUPON_USAGE_LOG, FilterParser.parse(CdcTable.COUPON_USAGE_LOG, "restaurant_id=eq.42"))).isEmpty();
        assertThat(staff.refusal(CdcTable.COUPON_USAGE_LOG, FilterParser.parse(CdcTable.COUPON_USAGE_LOG, "restaurant_id=in.(42,43)"))).isEmpty();
        assertThat(staff.refusal(CdcTable.COUPON_USAGE_LOG, FilterParser.parse(CdcTable.COUPON_USAGE_LOG, null)))
                .as("no filter: only their rows are delivered").isEmpty();
        assertThat(staff.refusal(CdcTable.COUPON_USAGE_LOG, FilterParser.parse(CdcTable.COUPON_USAGE_LOG, "restaurant_id=eq.43")))
                .get().asString().contains("restaurant_id is limited to [42, 44]");
        assertThat(staff.refusal(CdcTable.PROMOTIONAL_DEALS, FilterParser.parse(CdcTable.PROMOTIONAL_DEALS, "restaurant_id=eq.43")))
                .as("other restaurants' active deals are public").isEmpty();
        assertThat(staff.refusal(CdcTable.PROMOTIONAL_DEALS,
                FilterParser.parse(CdcTable.PROMOTIONAL_DEALS, "restaurant_id=eq.43,is_active=eq.false"))).isPresent();
        Access customer = POLICY.accessFor(CUSTOMER_7);
        assertThat(customer.refusal(CdcTable.PROMOTIONAL_COUPONS, FilterParser.parse(CdcTable.PROMOTIONAL_COUPONS, null)))
                .get().asString().contains("may not read menuca_v3.promotional_coupons");
        assertThat(customer.refusal(CdcTable.COUPON_USAGE_LOG, FilterParser.parse(CdcTable.COUPON_USAGE_LOG, "customer_id=eq.8"))).isPresent();
    }

    @Test
    void channelGrantsFollowClaims() {
        Access staff = POLICY.accessFor(STAFF_42);
        assertThat(staff.channelAccess("restaurant:42:deals")).contains(EventFilter.ALL);
        assertThat(staff.channelAccess("restaurant:44:performance")).isPresent();
        assertThat(staff.channelAccess("restaurant:43:coupons")).isEmpty();
        assertThat(staff.channelAccess("customer:7:coupons")).isEmpty();
        assertThat(staff.channelAccess("deals")).isPresent();
        EventFilter limits = staff.channelAccess("coupons:limits").orElseThrow();
        assertThat(limits.allows(Json.mapper().createObjectNode().put("restaurant_id", 42))).isTrue();
        assertThat(limits.allows(Json.mapper().createObjectNode().put("restaurant_id", 43))).isFalse();
        Access customer = POLICY.accessFor(CUSTOMER_7);
        assertThat(customer.channelAccess("customer:7:coupons")).isPresent();
        assertThat(customer.channelAccess("customer:7:savings")).isPresent();
        assertThat(customer.channelAccess("customer:8:coupons")).isEmpty();
        assertThat(customer.channelAccess("coupons:limits")).isEmpty();
        assertThat(POLICY.accessFor(ANON).channelAccess("deals")).isPresent();
        assertThat(POLICY.accessFor(SERVICE).channelAccess("restaurant:43:counts")).contains(EventFilter.ALL);
    }

    @Test
    void anyTokenWatchesLiveDealsOnARestaurantsDealsChannelButNothingElseThere() {
        for (Principal principal : List.of(ANON, AUTHENTICATED, CUSTOMER_7, SUPABASE_CUSTOMER_7)) {
            EventFilter deals = POLICY.accessFor(principal).channelAccess("restaurant:42:deals").orElseThrow();
            assertThat(deals.allows(event("deal_published", 42))).isTrue();
            assertThat(deals.allows(event("deal_status_changed", 42))).as("may concern a deal not yet live").isFalse();
            assertThat(deals.allows(event("deal_expiring", 42))).isFalse();
            assertThat(POLICY.accessFor(principal).channelAccess("restaurant:42:coupons")).isEmpty();
            assertThat(POLICY.accessFor(principal).channelAccess("restaurant:42:performance")).isEmpty();
        }
        for (Principal staff : List.of(STAFF_42, SUPABASE_STAFF_42)) {
            assertThat(POLICY.accessFor(staff).channelAccess("restaurant:42:deals")).contains(EventFilter.ALL);
            assertThat(POLICY.accessFor(staff).channelAccess("restaurant:42:coupons")).contains(EventFilter.ALL);
            assertThat(POLICY.accessFor(staff).channelAccess("restaurant:43:coupons")).isEmpty();
            assertThat(POLICY.accessFor(staff).channelAccess("restaurant:43:deals").orElseThrow()
                    .allows(event("deal_status_changed", 43))).isFalse();
        }
        assertThat(POLICY.accessFor(SUPABASE_CUSTOMER_7).channelAccess("customer:7:coupons")).isPresent();
        assertThat(POLICY.accessFor(SUPABASE_CUSTOMER_7).channelAccess("customer:8:coupons")).isEmpty();
        assertThat(POLICY.accessFor(AUTHENTICATED).channelAccess("customer:7:coupons"))
                .as("authenticated without app_metadata is just a signed-in user").isEmpty();
    }

    @Test
    void tenantClaimsCountOnlyWithTheRoleTheRuleNames() {
        Principal anonWithClaims = token("anon", Map.of("app_metadata", Map.of("restaurant_ids", List.of(42))));
        assertThat(visible(anonWithClaims, CdcTable.PROMOTIONAL_COUPONS)).isEqualTo("00000000");
        Principal userMetadata = token("authenticated", Map.of("user_metadata", Map.of("restaurant_ids", List.of(42))));
        assertThat(visible(userMetadata, CdcTable.PROMOTIONAL_COUPONS)).as("user_metadata is editable by users")
                .isEqualTo("00000000");
    }

    @Test
    void aDealIsPublicOnlyWhileLive() throws Exception {
        Access anon = POLICY.accessFor(ANON);
        Instant now = Instant.now();
        assertThat(anon.canSee(CdcTable.PROMOTIONAL_DEALS, deal(true, "active", now.minusSeconds(60), null))).isTrue();
        assertThat(anon.canSee(CdcTable.PROMOTIONAL_DEALS, deal(true, "scheduled", now.minusSeconds(60), now.plusSeconds(60))))
                .as("a scheduled deal once started").isTrue();
        assertThat(anon.canSee(CdcTable.PROMOTIONAL_DEALS, deal(true, "scheduled", now.plusSeconds(3600), null)))
                .as("is_active but not started yet").isFalse();
        assertThat(anon.canSee(CdcTable.PROMOTIONAL_DEALS, deal(true, "active", now.plusSeconds(3600), null))).isFalse();
        assertThat(anon.canSee(CdcTable.PROMOTIONAL_DEALS, deal(true, "active", now.minusSeconds(120), now.minusSeconds(60))))
                .as("ended").isFalse();
        assertThat(anon.canSee(CdcTable.PROMOTIONAL_DEALS, deal(true, "paused", now.minusSeconds(60), null))).isFalse();
        assertThat(anon.canSee(CdcTable.PROMOTIONAL_DEALS, deal(true, "draft", now.minusSeconds(60), null))).isFalse();
        assertThat(POLICY.accessFor(STAFF_42).canSee(CdcTable.PROMOTIONAL_DEALS, deal(true, "scheduled",
                now.plusSeconds(3600), null))).as("their own scheduled deal").isTrue();
        assertThat(anon.refusal(CdcTable.PROMOTIONAL_DEALS, FilterParser.parse(CdcTable.PROMOTIONAL_DEALS,
                "restaurant_id=eq.42,status=eq.draft"))).isPresent();
    }

    @Test
    void bothImagesOfAChangeAreChecked() {
        Instant now = Instant.now();
        var inactive = new TypedRow(deal(false, "active", now.minusSeconds(60), null));
        var live = new TypedRow(deal(true, "active", now.minusSeconds(60), null));
        Access anon = POLICY.accessFor(ANON);
        assertThat(anon.visibleAs(CdcTable.PROMOTIONAL_DEALS, ChangeType.UPDATE, inactive, live))
                .as("moved into view").isEqualTo(ChangeType.INSERT);
        assertThat(anon.visibleAs(CdcTable.PROMOTIONAL_DEALS, ChangeType.UPDATE, live, inactive))
                .as("moved out of view").isEqualTo(ChangeType.DELETE);
        assertThat(anon.visibleAs(CdcTable.PROMOTIONAL_DEALS, ChangeType.UPDATE, live, live)).isEqualTo(ChangeType.UPDATE);
        assertThat(anon.visibleAs(CdcTable.PROMOTIONAL_DEALS, ChangeType.UPDATE, inactive, inactive)).isNull();
        assertThat(anon.visibleAs(CdcTable.PROMOTIONAL_DEALS, ChangeType.DELETE, inactive, null)).isNull();
        assertThat(anon.visibleAs(CdcTable.PROMOTIONAL_DEALS, ChangeType.INSERT, null, inactive)).isNull();
        var usage42 = new TypedRow(row(CdcTable.COUPON_USAGE_LOG, 42, 7, true));
        var usage43 = new TypedRow(row(CdcTable.COUPON_USAGE_LOG, 43, 7, true));
        Access staff = POLICY.accessFor(SUPABASE_STAFF_42);
        assertThat(staff.visibleAs(CdcTable.COUPON_USAGE_LOG, ChangeType.UPDATE, usage42, usage43)).isEqualTo(ChangeType.DELETE);
        assertThat(staff.visibleAs(CdcTable.COUPON_USAGE_LOG, ChangeType.UPDATE, usage43, usage42)).isEqualTo(ChangeType.INSERT);
        assertThat(POLICY.accessFor(SERVICE).visibleAs(CdcTable.COUPON_USAGE_LOG, ChangeType.UPDATE, usage43, usage42))
                .isEqualTo(ChangeType.UPDATE);
    }

    @Test
    void policiesMayGrantByClaimsAndCompareColumns() {
        Policy policy = Policy.parse("""
                rules:
                  - name: regional managers
                    claims: [app_metadata.region_restaurants]
                    tables:
                      promotional_coupons:
                        restaurant_id: $app_metadata.region_restaurants
                        usage_limit: { gte: 100, or_null: true }
                        valid_until: { gt: now() }
                    channels:
                      - channel: "restaurant:*:counts"
                        where: { restaurant_id: $app_metadata.region_restaurants }
                """, "t");
        Principal manager = token("whatever", Map.of("app_metadata", Map.of("region_restaurants", List.of(42))));
        Access access = policy.accessFor(manager);
        ObjectNode coupon = row(CdcTable.PROMOTIONAL_COUPONS, 42, 7, true).put("usage_limit", 100)
                .put("valid_until", Instant.now().plusSeconds(60).toString());
        assertThat(access.canSee(CdcTable.PROMOTIONAL_COUPONS, coupon)).isTrue();
        assertThat(access.canSee(CdcTable.PROMOTIONAL_COUPONS, coupon.deepCopy().putNull("usage_limit"))).isTrue();
        assertThat(access.canSee(CdcTable.PROMOTIONAL_COUPONS, coupon.deepCopy().put("usage_limit", 99))).isFalse();
        assertThat(access.canSee(CdcTable.PROMOTIONAL_COUPONS, coupon.deepCopy()
                .put("valid_until", Instant.now().minusSeconds(1).toString()))).isFalse();
        assertThat(access.canSee(CdcTable.PROMOTIONAL_COUPONS, coupon.deepCopy().putNull("valid_until"))).isFalse();
        assertThat(access.canSee(CdcTable.PROMOTIONAL_COUPONS, coupon.deepCopy().put("restaurant_id", 43))).isFalse();
        EventFilter counts = access.channelAccess("restaurant:43:counts").orElseThrow();
        assertThat(counts.allows(event("redemption_counts", 43))).isFalse();
        assertThat(counts.allows(event("redemption_counts", 42))).isTrue();
        assertThat(access.channelAccess("restaurant:43:x:counts")).as("'*' is one segment").isEmpty();
        assertThat(policy.accessFor(token("whatever", Map.of())).mayRead(CdcTable.PROMOTIONAL_COUPONS))
                .as("without the claim the rule does not apply").isFalse();
    }

    private static ObjectNode event(String type, long restaurant) {
        return Json.mapper().createObjectNode().put("type", type).put("restaurant_id", restaurant);
    }

    private static ObjectNode deal(boolean active, String status, Instant startsAt, Instant endsAt) {
        ObjectNode row = Json.mapper().createObjectNode().put("id", 5).put("restaurant_id", 42).put("is_active", active)
                .put("status", status).put("starts_at", startsAt.toString());
        return endsAt == null ? row.putNull("ends_at") : row.put("ends_at", endsAt.toString());
    }

    @Test
    void badPolicyFilesAreRefusedNamingTheRule() {
        assertThat(Policy.parse("rules: []\nother: 1", "t").accessFor(ANON).mayRead(CdcTable.MARKETING_TAGS)).isFalse();
        assertThatThrownBy(() -> Policy.parse("nothing: 1", "t")).isInstanceOf(PolicyException.class)
                .hasMessageContaining("top-level 'rules'");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    tables: {orders: {}}", "t"))
                .hasMessageContaining("rule 'r'").hasMessageContaining("unknown table 'orders'");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    tables: {promotional_deals: {nope: 1}}", "t"))
                .hasMessageContaining("has no column 'nope'");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    tables: '*'", "t")).hasMessageContaining("'roles'");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    channels: ['a*:x']", "t"))
                .hasMessageContaining("whole segment");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    tables: {promotional_deals: {is_active: {lte: now()}}}", "t"))
                .hasMessageContaining("timestamptz");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    tables: {promotional_deals: {restaurant_id: {lt: $x}}}", "t"))
                .hasMessageContaining("eq or in");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    tables: {promotional_deals: {restaurant_id: {like: 1}}}", "t"))
                .hasMessageContaining("unknown operator 'like'");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    tables: {promotional_deals: {restaurant_id: abc}}", "t"))
                .hasMessageContaining("not a valid int8");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    channels: [{channel: deals, where: {x: {gt: 1}}}]", "t"))
                .hasMessageContaining("event conditions are equalities");
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    claims: [$x]", "t")).hasMessageContaining("without '$'");
    }
}
