package com.menuca.promo.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.testing.Fixtures;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.SupabaseTokens;
import com.menuca.promo.gateway.testing.TestGateway;
import com.menuca.promo.gateway.testing.TestSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Finding 2: every row image is checked, live and replayed. Rows move between restaurants, between
 * customers, and deals go from inactive to active and back, watched by staff of both restaurants,
 * a Supabase-shaped staff token, a customer, an anonymous client and a service-role witness, and by
 * clients that resume from before it all. No client may receive a {@code record} or
 * {@code old_record} its token may not see (an oracle of the default policy, written apart from the
 * gateway's policy code, decides); a row moving into a client's view arrives as an INSERT of the new
 * row only, one moving out as a DELETE of the old row only. Each row's last change is one every
 * client sees, so a client's complete expected sequence is its barrier: nothing can follow it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowImagesIT {
    private static final long A = 7101;
    private static final long B = 7102;
    private static final long C1 = 7201;
    private static final long C2 = 7202;
    private static final String TOPIC = "realtime:images";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DEALS = "{\"event\":\"*\",\"schema\":\"menuca_v3\",\"table\":\"promotional_deals\"}";
    private static final String USAGE = "{\"event\":\"*\",\"schema\":\"menuca_v3\",\"table\":\"coupon_usage_log\"}";

    private GatewayStack stack;
    private TestGateway gateway;

    /** Who a client is, for the oracle. */
    private record Tenant(String name, String token, String role, Set<Long> restaurants, Long customer, boolean usage) {
        boolean sees(String table, JsonNode row) {
            if (role.equals("service_role")) {
                return true;
            }
            boolean staffOfRow = restaurants.contains(row.path("restaurant_id").asLong());
            return switch (table) {
                case "promotional_deals" -> staffOfRow || live(row);
                case "coupon_usage_log" -> staffOfRow || customer != null && customer == row.path("customer_id").asLong();
                default -> false;
            };
        }

        /** Switched on, in a running status, started, not ended. */
        private static boolean live(JsonNode deal) {
            Instant now = Instant.now();
            JsonNode ends = deal.path("ends_at");
            return deal.path("is_active").asBoolean() && Set.of("active", "scheduled").contains(deal.path("status").asText())
                    && !Instant.parse(deal.path("starts_at").asText()).isAfter(now)
                    && (ends.isNull() || ends.isMissingNode() || Instant.parse(ends.asText()).isAfter(now));
        }

        String bindings() {
            return "{\"config\":{\"postgres_changes\":[" + DEALS + (usage ? "," + USAGE : "") + "]}}";
        }
    }

    @BeforeAll
    void start() throws Exception {
        stack = GatewayStack.shared();
        gateway = stack.gateway(SecuritySuite.withSecret(), true);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void noClientReceivesARowImageItsTokenMayNotSeeLiveOrReplayed() throws Exception {
        Tenant staffA = new Tenant("staff A", SecuritySuite.staff(A), "restaurant_staff", Set.of(A), null, true);
        Tenant staffB = new Tenant("staff B", SecuritySuite.staff(B), "restaurant_staff", Set.of(B), null, true);
        Tenant supabaseB = new Tenant("Supabase staff B", SupabaseTokens.hs256(SecuritySuite.SECRET, SupabaseTokens.user(
                "https://project.supabase.co/auth/v1", Map.of("restaurant_ids", List.of(B)), Duration.ofHours(1))),
                "authenticated", Set.of(B), null, true);
        Tenant anon = new Tenant("anon", SecuritySuite.anon(), "anon", Set.of(), null, false);
        Tenant customer = new Tenant("customer 1", SecuritySuite.customer(C1), "customer", Set.of(), C1, true);
        Tenant service = new Tenant("service", SecuritySuite.service(), "service_role", Set.of(), null, true);
        List<Tenant> live = List.of(staffA, staffB, supabaseB, anon, customer, service);
        List<Tenant> resuming = List.of(staffB, anon, customer);

        Map<Tenant, String> positions = new LinkedHashMap<>();
        for (Tenant tenant : resuming) {
            try (TestSocket socket = TestSocket.connect(gateway.httpUrl(), tenant.token(), "2.0.0")) {
                JsonNode reply = socket.join(TOPIC, "1", tenant.bindings());
                assertThat(reply.path("status").asText()).as(tenant.name()).isEqualTo("ok");
                positions.put(tenant, reply.path("response").path("position").asText());
            }
        }
        Map<Tenant, TestSocket> sockets = new LinkedHashMap<>();
        try {
            for (Tenant tenant : live) {
                TestSocket socket = TestSocket.connect(gateway.httpUrl(), tenant.token(), "2.0.0");
                sockets.put(tenant, socket);
                assertThat(socket.join(TOPIC, "1", tenant.bindings()).path("status").asText()).as(tenant.name()).isEqualTo("ok");
            }

            Map<String, Long> rows = runWorkload();
            Map<Tenant, Map<String, List<String>>> expected = expectations(staffA, staffB, supabaseB, anon, customer, service);

            for (Tenant tenant : live) {
                check(tenant, sockets.get(tenant), rows, expected.get(tenant), "live");
            }
            for (Tenant tenant : resuming) {
                try (TestSocket resumed = TestSocket.connect(gateway.httpUrl(), tenant.token(), "2.0.0")) {
                    String payload = tenant.bindings().replace("]}}", "],\"resume\":{\"position\":\"" + positions.get(tenant) + "\"}}}");
                    JsonNode reply = resumed.join(TOPIC, "1", payload);
                    assertThat(reply.path("status").asText()).as("%s resumes: %s", tenant.name(), reply).isEqualTo("ok");
                    check(tenant, resumed, rows, expected.get(tenant), "replayed");
                }
            }
        } finally {
            sockets.values().forEach(TestSocket::close);
        }
    }

    /**
     * Deal d1 goes active, inactive, moves from A to B while inactive, and goes live in B; usage row u1
     * moves from A to B, from customer 1 to 2, and back to A and customer 1. Returns their ids.
     */
    private Map<String, Long> runWorkload() throws Exception {
        long d1 = stack.sql(Fixtures.dealInsert(A, "images-d1", false, "draft", "now() - interval '1 minute'"));
        stack.sql("UPDATE menuca_v3.promotional_deals SET is_active = true, status = 'active' WHERE id = " + d1);
        stack.sql("UPDATE menuca_v3.promotional_deals SET is_active = false WHERE id = " + d1);
        stack.sql("UPDATE menuca_v3.promotional_deals SET restaurant_id = " + B + " WHERE id = " + d1);
        stack.sql("UPDATE menuca_v3.promotional_deals SET is_active = true WHERE id = " + d1);
        long couponA = stack.sql(Fixtures.couponInsert(A, "IMG-A"));
        long couponB = stack.sql(Fixtures.couponInsert(B, "IMG-B"));
        long u1 = stack.sql(Fixtures.usageInsert(couponA, A, C1, "1.00"));
        stack.sql("UPDATE menuca_v3.coupon_usage_log SET restaurant_id = " + B + ", coupon_id = " + couponB + " WHERE id = " + u1);
        stack.sql("UPDATE menuca_v3.coupon_usage_log SET customer_id = " + C2 + " WHERE id = " + u1);
        stack.sql("UPDATE menuca_v3.coupon_usage_log SET restaurant_id = " + A + ", coupon_id = " + couponA
                + ", customer_id = " + C1 + " WHERE id = " + u1);
        return Map.of("promotional_deals", d1, "coupon_usage_log", u1);
    }

    /** Each client's change types per table for the two rows, worked out by hand from the workload. */
    private static Map<Tenant, Map<String, List<String>>> expectations(Tenant staffA, Tenant staffB, Tenant supabaseB,
                                                                       Tenant anon, Tenant customer, Tenant service) {
        Map<Tenant, Map<String, List<String>>> expected = new LinkedHashMap<>();
        // d1: inactive in A -> active in A -> inactive in A -> inactive in B -> live in B
        // u1: A/c1 -> B/c1 -> B/c2 -> A/c1
        expected.put(staffA, Map.of("promotional_deals", List.of("INSERT", "UPDATE", "UPDATE", "DELETE", "INSERT"),
                "coupon_usage_log", List.of("INSERT", "DELETE", "INSERT")));
        Map<String, List<String>> staffOfB = Map.of("promotional_deals", List.of("INSERT", "DELETE", "INSERT", "UPDATE"),
                "coupon_usage_log", List.of("INSERT", "UPDATE", "DELETE"));
        expected.put(staffB, staffOfB);
        expected.put(supabaseB, staffOfB);
        expected.put(anon, Map.of("promotional_deals", List.of("INSERT", "DELETE", "INSERT")));
        expected.put(customer, Map.of("promotional_deals", List.of("INSERT", "DELETE", "INSERT"),
                "coupon_usage_log", List.of("INSERT", "UPDATE", "DELETE", "INSERT")));
        expected.put(service, Map.of("promotional_deals", List.of("INSERT", "UPDATE", "UPDATE", "UPDATE", "UPDATE"),
                "coupon_usage_log", List.of("INSERT", "UPDATE", "UPDATE", "UPDATE")));
        return expected;
    }

    /**
     * Waits until the client has its whole expected sequence for both rows (each row's last change is
     * one it sees, so nothing of the row can follow), then checks every change it received, of any
     * row: no image its token may not see, and INSERTs and DELETEs carrying only their own image.
     */
    private static void check(Tenant tenant, TestSocket socket, Map<String, Long> rows, Map<String, List<String>> expected,
                              String how) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!typesOf(socket, rows).equals(expected) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(typesOf(socket, rows)).as("%s (%s): change types of d1 and u1", tenant.name(), how).isEqualTo(expected);
        List<String> foreign = new ArrayList<>();
        for (JsonNode change : socket.payloads(TOPIC, "postgres_changes")) {
            JsonNode data = change.path("data");
            String table = data.path("table").asText();
            String type = data.path("type").asText();
            JsonNode record = data.path("record");
            JsonNode oldRecord = data.path("old_record");
            if (!record.isMissingNode() && !record.isNull() && !tenant.sees(table, record)) {
                foreign.add(type + " record " + record);
            }
            if (!oldRecord.isMissingNode() && !oldRecord.isNull() && !tenant.sees(table, oldRecord)) {
                foreign.add(type + " old_record " + oldRecord);
            }
            if (type.equals("INSERT")) {
                assertThat(oldRecord.isMissingNode() || oldRecord.isNull()).as("%s: INSERT with an old row: %s", tenant.name(), data).isTrue();
            }
            if (type.equals("DELETE")) {
                assertThat(record.isMissingNode() || record.isNull()).as("%s: DELETE with a new row: %s", tenant.name(), data).isTrue();
            }
        }
        assertThat(foreign).as("%s (%s): images of rows its token may not see", tenant.name(), how).isEmpty();
    }

    /** The types received for each of the rows of interest, by table (tables without any left out). */
    private static Map<String, List<String>> typesOf(TestSocket socket, Map<String, Long> rows) {
        Map<String, List<String>> types = new LinkedHashMap<>();
        for (JsonNode change : socket.payloads(TOPIC, "postgres_changes")) {
            JsonNode data = change.path("data");
            String table = data.path("table").asText();
            Long id = rows.get(table);
            JsonNode row = data.path("type").asText().equals("DELETE") ? data.path("old_record") : data.path("record");
            if (id != null && row.path("id").asLong() == id) {
                types.computeIfAbsent(table, t -> new ArrayList<>()).add(data.path("type").asText());
            }
        }
        return types;
    }
}
