package com.menuca.promo.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.filter.FilterParser;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default policy as a matrix of roles × tables × rows, channel grants, join refusals, and bad files. */
class PolicyTest {
    private static final Policy POLICY = Policy.defaults();

    private static Principal token(String role, Map<String, Object> claims) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        all.put("role", role);
        return new Principal(role, role, Instant.now().plusSeconds(3600), all);
    }

    private static final Principal ANON = token("anon", Map.of());
    private static final Principal CUSTOMER_7 = token("customer", Map.of("customer_id", 7L));
    private static final Principal STAFF_42 = token("restaurant_staff", Map.of("restaurant_ids", List.of(42L, 44L)));
    private static final Principal SERVICE = token("service_role", Map.of());
    private static final Principal AUTHENTICATED = token("authenticated", Map.of());

    /** A row of a table: restaurant 42 or 43, customer 7 or 8, active or not. */
    private static ObjectNode row(CdcTable table, long restaurant, long customer, boolean active) {
        ObjectNode row = Json.mapper().createObjectNode();
        row.put("id", 1).put("restaurant_id", restaurant);
        switch (table) {
            case PROMOTIONAL_DEALS -> row.put("is_active", active).put("status", active ? "active" : "draft");
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
        Map<String, Principal> principals = Map.of("anon", ANON, "customer", CUSTOMER_7, "restaurant_staff", STAFF_42,
                "service_role", SERVICE, "authenticated", AUTHENTICATED);
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
        assertThat(staff.channelAccess("restaurant:43:deals")).isEmpty();
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
        assertThat(POLICY.accessFor(ANON).channelAccess("restaurant:42:deals")).isEmpty();
        assertThat(POLICY.accessFor(SERVICE).channelAccess("restaurant:43:counts")).contains(EventFilter.ALL);
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
        assertThatThrownBy(() -> Policy.parse("rules:\n  - name: r\n    roles: [a]\n    channels: ['*:x']", "t"))
                .hasMessageContaining("last segment");
    }
}
