package com.menuca.promo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.gateway.testing.TestSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tenant isolation under a seeded random workload: clients of different restaurants, customers and
 * roles with random subscriptions; every row any client receives is checked against an oracle of the
 * default policy written independently of the gateway's policy code. Leaks must be zero, and every
 * accepted subscription must get exactly the rows its filter and token allow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayIsolationIT {
    private static final long SEED = 20_261_128L;
    private static final long[] RESTAURANTS = {9101, 9102, 9103, 9104};
    private static final long[] CUSTOMERS = {9201, 9202, 9203, 9204};
    private static final String[] TABLES = {"promotional_deals", "promotional_coupons", "marketing_tags",
        "restaurant_tag_associations", "coupon_usage_log"};

    private GatewayStack stack;

    @BeforeAll
    void startStack() throws Exception {
        stack = GatewayStack.start(Map.of());
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Who a client is, for the oracle. */
    private record Tenant(String role, Set<Long> restaurants, Long customer) {
        String token() {
            return DevTokens.mint(DevTokens.DEV_SECRET, role, List.copyOf(restaurants), customer, Duration.ofHours(1));
        }
    }

    /**
     * One change of the workload as the oracle sees it: {@code row} is the new row (the deleted one
     * for a DELETE), {@code oldRow} the old row of an UPDATE.
     */
    private record Change(String table, String type, String rowKey, Map<String, Object> row, Map<String, Object> oldRow) {
        Change(String table, String type, String rowKey, Map<String, Object> row) {
            this(table, type, rowKey, row, null);
        }
    }

    /** A subscription the gateway accepted. */
    private record Subscription(String topic, String event, String table, String column, List<Object> values) {
    }

    private static final class Client {
        final Tenant tenant;
        final TestSocket socket;
        final List<Subscription> accepted = new ArrayList<>();
        int refused;

        Client(Tenant tenant, TestSocket socket) {
            this.tenant = tenant;
            this.socket = socket;
        }
    }

    @Test
    void noClientEverReceivesARowItsTokenMayNotSee() throws Exception {
        Random random = new Random(SEED);
        List<Client> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                Tenant tenant = randomTenant(random, i);
                Client client = new Client(tenant, TestSocket.connect(stack.httpUrl(), tenant.token(), "2.0.0"));
                clients.add(client);
                int channels = 1 + random.nextInt(3);
                for (int c = 0; c < channels; c++) {
                    join(client, "realtime:iso-" + i + "-" + c, randomSubscription(random), String.valueOf(c + 1));
                }
            }
            Tenant service = new Tenant("service_role", Set.of(), null);
            Client watcher = new Client(service, TestSocket.connect(stack.httpUrl(), service.token(), "2.0.0"));
            clients.add(watcher);
            join(watcher, "realtime:iso-watch", new Subscription(null, "*", "*", null, null), "1");

            List<Change> changes = runWorkload(random);
            awaitCount(watcher, changes.size());
            Thread.sleep(1_000);

            int leaks = 0;
            int delivered = 0;
            int refusals = 0;
            List<String> problems = new ArrayList<>();
            for (Client client : clients) {
                refusals += client.refused;
                Map<String, Set<String>> receivedByTopic = new HashMap<>();
                for (String text : client.socket.received()) {
                    JsonNode frame = com.menuca.promo.schemas.json.Json.mapper().readTree(text);
                    if (!frame.get(3).asText().equals("postgres_changes")) {
                        continue;
                    }
                    JsonNode data = frame.get(4).path("data");
                    String type = data.path("type").asText();
                    JsonNode row = type.equals("DELETE") ? data.path("old_record") : data.path("record");
                    String table = data.path("table").asText();
                    delivered++;
                    for (String image : List.of("record", "old_record")) {
                        JsonNode shown = data.path(image);
                        if (!shown.isMissingNode() && !shown.isNull() && !visible(client.tenant, table, shown)) {
                            leaks++;
                            problems.add(client.tenant + " received " + table + " " + image + " " + shown);
                        }
                    }
                    receivedByTopic.computeIfAbsent(frame.get(2).asText(), t -> new HashSet<>())
                            .add(table + "|" + type + "|" + rowKey(table, row));
                }
                if (client == watcher) {
                    continue;
                }
                for (Subscription subscription : client.accepted) {
                    Set<String> expected = new HashSet<>();
                    for (Change change : changes) {
                        String seenAs = seenAs(client.tenant, change);
                        if (seenAs != null && matches(subscription, change, seenAs)) {
                            expected.add(change.table() + "|" + seenAs + "|" + change.rowKey());
                        }
                    }
                    Set<String> got = receivedByTopic.getOrDefault(subscription.topic(), Set.of());
                    if (!got.equals(expected)) {
                        problems.add(client.tenant + " on " + subscription + ": expected " + expected + " got " + got);
                    }
                }
            }
            assertThat(leaks).as("rows delivered to a token that may not see them: %s", problems).isZero();
            assertThat(problems).as("subscriptions that missed rows or got extra ones").isEmpty();
            assertThat(delivered).as("the workload reached clients").isGreaterThan(changes.size());
            assertThat(refusals).as("some random subscriptions asked for other tenants' rows").isPositive();
        } finally {
            clients.forEach(c -> c.socket.close());
        }
    }

    private static Tenant randomTenant(Random random, int i) {
        return switch (i % 4) {
            case 0 -> new Tenant("restaurant_staff", Set.of(pick(random, RESTAURANTS)), null);
            case 1 -> new Tenant("restaurant_staff", new java.util.TreeSet<>(List.of(RESTAURANTS[0], pick(random, RESTAURANTS))), null);
            case 2 -> new Tenant("customer", Set.of(), pick(random, CUSTOMERS));
            default -> new Tenant("anon", Set.of(), null);
        };
    }

    private static long pick(Random random, long[] values) {
        return values[random.nextInt(values.length)];
    }

    private static Subscription randomSubscription(Random random) {
        String table = TABLES[random.nextInt(TABLES.length)];
        String event = new String[] {"*", "INSERT", "UPDATE", "DELETE"}[random.nextInt(4)];
        int kind = random.nextInt(4);
        if (kind == 0 || table.equals("marketing_tags")) {
            return new Subscription(null, event, table, null, null);
        }
        if (kind == 3 && table.equals("coupon_usage_log")) {
            return new Subscription(null, event, table, "customer_id", List.of(pick(random, CUSTOMERS)));
        }
        if (kind == 2) {
            return new Subscription(null, event, table, "restaurant_id", List.of(pick(random, RESTAURANTS), pick(random, RESTAURANTS)));
        }
        return new Subscription(null, event, table, "restaurant_id", List.of(pick(random, RESTAURANTS)));
    }

    private static String filterText(Subscription s) {
        if (s.column() == null) {
            return null;
        }
        return s.values().size() == 1 ? s.column() + "=eq." + s.values().get(0)
                : s.column() + "=in.(" + s.values().get(0) + "," + s.values().get(1) + ")";
    }

    private void join(Client client, String topic, Subscription subscription, String ref) {
        String filter = filterText(subscription);
        String binding = "{\"event\":\"" + subscription.event() + "\",\"schema\":\"menuca_v3\",\"table\":\""
                + subscription.table() + "\"" + (filter == null ? "" : ",\"filter\":\"" + filter + "\"") + "}";
        client.socket.send("[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_join\",{\"config\":{\"postgres_changes\":["
                + binding + "]}}]");
        JsonNode reply = client.socket.await(f -> f.get(3).asText().equals("phx_reply") && f.get(2).asText().equals(topic),
                Duration.ofSeconds(30)).get(4);
        if (reply.path("status").asText().equals("ok")) {
            client.accepted.add(new Subscription(topic, subscription.event(), subscription.table(), subscription.column(),
                    subscription.values()));
        } else {
            assertThat(reply.path("response").path("reason").asText()).startsWith("Unauthorized");
            client.refused++;
        }
    }

    /**
     * How the tenant gets the change: both images checked, an UPDATE into its view as an INSERT, out
     * of it as a DELETE; null when it gets nothing.
     */
    private static String seenAs(Tenant tenant, Change change) {
        boolean seesRow = visible(tenant, change.table(), com.menuca.promo.schemas.json.Json.mapper().valueToTree(change.row()));
        if (!change.type().equals("UPDATE") || change.oldRow() == null) {
            return seesRow ? change.type() : null;
        }
        boolean sawOld = visible(tenant, change.table(), com.menuca.promo.schemas.json.Json.mapper().valueToTree(change.oldRow()));
        return seesRow ? (sawOld ? "UPDATE" : "INSERT") : (sawOld ? "DELETE" : null);
    }

    private static boolean matches(Subscription s, Change change, String seenAs) {
        if (!s.table().equals("*") && !s.table().equals(change.table())) {
            return false;
        }
        if (!s.event().equals("*") && !s.event().equals(seenAs)) {
            return false;
        }
        if (s.column() == null) {
            return true;
        }
        Map<String, Object> row = seenAs.equals("DELETE") && change.oldRow() != null ? change.oldRow() : change.row();
        Object value = row.get(s.column());
        return value != null && s.values().stream().anyMatch(v -> String.valueOf(v).equals(String.valueOf(value)));
    }

    /** The default policy, written out independently: who may see a row. */
    private static boolean visible(Tenant tenant, String table, JsonNode row) {
        if (tenant.role().equals("service_role")) {
            return true;
        }
        boolean staffOfRow = tenant.role().equals("restaurant_staff") && tenant.restaurants().contains(row.path("restaurant_id").asLong());
        return switch (table) {
            // live: switched on in a running status (every deal here started at its insert and never ends)
            case "promotional_deals" -> row.path("is_active").asBoolean() && row.path("status").asText().equals("active")
                    || staffOfRow;
            case "promotional_coupons" -> staffOfRow;
            case "marketing_tags", "restaurant_tag_associations" -> true;
            case "coupon_usage_log" -> staffOfRow || tenant.role().equals("customer")
                    && tenant.customer() == row.path("customer_id").asLong();
            default -> false;
        };
    }

    private static String rowKey(String table, JsonNode row) {
        return table.equals("restaurant_tag_associations") ? row.path("restaurant_id").asText() + "/" + row.path("tag_id").asText()
                : row.path("id").asText();
    }

    /** About 150 seeded changes over the five tables; returns them with the row image the policy applies to. */
    private List<Change> runWorkload(Random random) throws Exception {
        List<Change> changes = new ArrayList<>();
        List<Long> deals = new ArrayList<>();
        List<long[]> usages = new ArrayList<>();
        List<Long> coupons = new ArrayList<>();
        long tag = stack.sql("INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES ('Iso', 'iso-" + SEED + "') RETURNING id");
        changes.add(new Change("marketing_tags", "INSERT", String.valueOf(tag), Map.of("id", tag)));
        for (long restaurant : RESTAURANTS) {
            long coupon = stack.sql(GatewayRealClientIT.couponInsert(restaurant, "ISO" + restaurant));
            coupons.add(coupon);
            changes.add(new Change("promotional_coupons", "INSERT", String.valueOf(coupon), Map.of("id", coupon, "restaurant_id", restaurant)));
        }
        for (int i = 0; i < 140; i++) {
            int op = random.nextInt(7);
            long restaurant = pick(random, RESTAURANTS);
            if (op <= 1 || deals.isEmpty()) {
                boolean active = random.nextBoolean();
                long deal = stack.sql("INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, is_active, status) "
                        + "VALUES (" + restaurant + ", 'iso', 'percent', 10, " + active + ", '" + (active ? "active" : "draft") + "') RETURNING id");
                deals.add(deal);
                dealRestaurant.put(deal, restaurant);
                dealActive.put(deal, active);
                dealStatus.put(deal, active ? "active" : "draft");
                changes.add(new Change("promotional_deals", "INSERT", String.valueOf(deal), dealRow(deal)));
            } else if (op == 2) {
                long deal = deals.get(random.nextInt(deals.size()));
                boolean active = !dealActive.get(deal);
                Map<String, Object> before = dealRow(deal);
                stack.sql("UPDATE menuca_v3.promotional_deals SET is_active = " + active + " WHERE id = " + deal);
                dealActive.put(deal, active);
                changes.add(new Change("promotional_deals", "UPDATE", String.valueOf(deal), dealRow(deal), before));
            } else if (op == 3) {
                long deal = deals.remove(random.nextInt(deals.size()));
                stack.sql("DELETE FROM menuca_v3.promotional_deals WHERE id = " + deal);
                changes.add(new Change("promotional_deals", "DELETE", String.valueOf(deal), dealRow(deal)));
            } else if (op <= 5 || usages.isEmpty()) {
                int index = random.nextInt(RESTAURANTS.length);
                long customer = pick(random, CUSTOMERS);
                long usage = stack.sql(GatewayRealClientIT.usageInsert(coupons.get(index), RESTAURANTS[index], customer, "1.00"));
                usages.add(new long[] {usage, RESTAURANTS[index], customer});
                changes.add(new Change("coupon_usage_log", "INSERT", String.valueOf(usage),
                        Map.of("id", usage, "restaurant_id", RESTAURANTS[index], "customer_id", customer)));
            } else {
                long[] usage = usages.remove(random.nextInt(usages.size()));
                stack.sql("DELETE FROM menuca_v3.coupon_usage_log WHERE id = " + usage[0]);
                changes.add(new Change("coupon_usage_log", "DELETE", String.valueOf(usage[0]),
                        Map.of("id", usage[0], "restaurant_id", usage[1], "customer_id", usage[2])));
            }
            if (i % 35 == 0) {
                stack.sql("INSERT INTO menuca_v3.restaurant_tag_associations (restaurant_id, tag_id) VALUES (" + restaurant + ", " + tag + ") ON CONFLICT DO NOTHING");
                changes.add(new Change("restaurant_tag_associations", "INSERT", restaurant + "/" + tag,
                        Map.of("restaurant_id", restaurant, "tag_id", tag)));
                stack.sql("DELETE FROM menuca_v3.restaurant_tag_associations WHERE restaurant_id = " + restaurant + " AND tag_id = " + tag);
                changes.add(new Change("restaurant_tag_associations", "DELETE", restaurant + "/" + tag,
                        Map.of("restaurant_id", restaurant, "tag_id", tag)));
            }
        }
        return changes;
    }

    private final Map<Long, Long> dealRestaurant = new HashMap<>();
    private final Map<Long, Boolean> dealActive = new HashMap<>();
    private final Map<Long, String> dealStatus = new HashMap<>();

    private Map<String, Object> dealRow(long deal) {
        return Map.of("id", deal, "restaurant_id", dealRestaurant.get(deal), "is_active", dealActive.get(deal),
                "status", dealStatus.get(deal));
    }

    private static void awaitCount(Client watcher, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (watcher.socket.payloads("postgres_changes").size() < count) {
            assertThat(System.currentTimeMillis()).as("the service_role watcher got all %d changes", count).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
