package com.menuca.promo.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.infra.FreePort;
import com.menuca.promo.infra.demo.TrafficSimulator.Change;
import com.menuca.promo.infra.postgres.EmbeddedPostgresServer;
import com.menuca.promo.infra.demo.DemoDataSeeder;
import com.menuca.promo.infra.demo.TrafficSimulator;
import com.menuca.promo.migrations.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stepping simulator (the gateway benchmark's writer) reports exactly what it committed: a
 * benchmark decides from these reports which client must receive which change.
 */
class TrafficSimulatorStepIT {
    @TempDir
    Path home;

    @Test
    void everyStepReportsTheRowItCommittedOnAllFiveTables() throws Exception {
        withDemoDatabase(12, 40, db -> {
            TrafficSimulator simulator = TrafficSimulator.stepper(7, 12, 40);
            List<Change> changes = new ArrayList<>();
            Set<String> tables = new HashSet<>();
            for (int i = 0; i < 3_000; i++) {
                var step = simulator.step(db);
                if (step.isPresent()) {
                    Change change = step.get();
                    changes.add(change);
                    tables.add(change.table() + " " + change.op());
                    assertThat(asReported(db, change)).as("%s", change).isTrue();
                }
            }
            assertThat(tables).contains("coupon_usage_log INSERT", "promotional_deals INSERT", "promotional_deals UPDATE",
                    "promotional_coupons INSERT", "marketing_tags INSERT", "restaurant_tag_associations INSERT",
                    "restaurant_tag_associations DELETE");
            assertThat(changes.stream().filter(c -> c.table().equals("coupon_usage_log")))
                    .allSatisfy(c -> assertThat(c.customerId()).isBetween(1L, 40L))
                    .allSatisfy(c -> assertThat(c.restaurantId()).isBetween(1L, 12L));
        });
    }

    @Test
    void aRestaurantKeepsAtMostEightDealsHoweverLongTheSimulatorRuns() throws Exception {
        withDemoDatabase(2, 20, db -> {
            Map<Long, Long> seeded = dealsPerRestaurant(db);
            TrafficSimulator simulator = TrafficSimulator.stepper(7, 2, 20);
            Map<String, Long> steps = stepsOn(simulator, db, "promotional_deals", 4_000);
            long dealInserts = steps.entrySet().stream().filter(e -> e.getKey().startsWith("INSERT "))
                    .mapToLong(Map.Entry::getValue).sum();
            long dealReruns = steps.getOrDefault("UPDATE DEAL_ENDING_SOON", 0L);
            Map<Long, Long> expected = new HashMap<>();
            seeded.forEach((restaurant, count) -> expected.put(restaurant, Math.max(count, 8)));
            assertThat(dealsPerRestaurant(db)).isEqualTo(expected);
            assertThat(dealInserts).as("deals added until each restaurant had eight")
                    .isEqualTo(seeded.values().stream().mapToLong(count -> Math.max(0, 8 - count)).sum());
            assertThat(dealReruns).as("deals ending soon re-run as updates once at eight").isPositive();
        });
    }

    @Test
    void aRestaurantKeepsAtMostTwelveCouponsHoweverLongTheSimulatorRuns() throws Exception {
        withDemoDatabase(2, 20, db -> {
            Map<Long, Long> seeded = couponsPerRestaurant(db);
            // the coupons the simulator starts from: live ones (used up or not)
            Map<Long, Long> live = perRestaurant(db, "SELECT restaurant_id, count(*) FROM menuca_v3.promotional_coupons"
                    + " WHERE is_active AND (valid_until IS NULL OR valid_until > now()) GROUP BY 1");
            TrafficSimulator simulator = TrafficSimulator.stepper(7, 2, 20);
            Map<String, Long> steps = stepsOn(simulator, db, "promotional_coupons", 6_000);
            long couponInserts = steps.getOrDefault("INSERT NEW_COUPON", 0L);
            long couponTopUps = steps.getOrDefault("UPDATE NEW_COUPON", 0L);
            Map<Long, Long> added = new HashMap<>();
            seeded.forEach((restaurant, count) -> added.put(restaurant,
                    count + Math.max(0, 12 - live.getOrDefault(restaurant, 0L))));
            assertThat(couponsPerRestaurant(db))
                    .as("coupons issued until each restaurant had twelve live ones, none after").isEqualTo(added);
            assertThat(couponInserts).isEqualTo(seeded.keySet().stream()
                    .mapToLong(restaurant -> Math.max(0, 12 - live.getOrDefault(restaurant, 0L))).sum());
            assertThat(couponTopUps).as("coupons topped up as updates once at twelve").isPositive();
        });
    }

    @Test
    void aTopUpRenewsACouponsValidityOnlyWhenLessThanAnHourIsLeft() throws Exception {
        withDemoDatabase(2, 20, db -> {
            TrafficSimulator simulator = TrafficSimulator.stepper(7, 2, 20);
            stepsOn(simulator, db, "promotional_coupons", 6_000);
            // every coupon now: odd ids with three hours left, even ids with half an hour
            try (var statement = db.createStatement()) {
                statement.executeUpdate("UPDATE menuca_v3.promotional_coupons SET valid_until = now()"
                        + " + CASE WHEN id % 2 = 1 THEN interval '3 hours' ELSE interval '30 minutes' END");
            }
            Map<Long, Instant> before = validUntil(db);
            Set<Long> toppedUp = new HashSet<>();
            for (int i = 0; i < 3_000; i++) {
                simulator.step(db).filter(change -> change.table().equals("promotional_coupons") && change.op().equals("UPDATE"))
                        .ifPresent(change -> toppedUp.add(Long.parseLong(change.key())));
            }
            Map<Long, Instant> after = validUntil(db);
            Instant inAnHour = Instant.now().plusSeconds(3_600);
            assertThat(toppedUp).as("top-ups of both kinds of coupon")
                    .anyMatch(id -> id % 2 == 1).anyMatch(id -> id % 2 == 0);
            for (long id : toppedUp) {
                if (id % 2 == 1) {
                    assertThat(after.get(id)).as("coupon %d, three hours left", id).isEqualTo(before.get(id));
                } else {
                    assertThat(after.get(id)).as("coupon %d, half an hour left", id).isAfter(inAnHour);
                }
            }
        });
    }

    private static Map<Long, Instant> validUntil(Connection db) throws Exception {
        Map<Long, Instant> validUntil = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement("SELECT id, valid_until FROM menuca_v3.promotional_coupons");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                validUntil.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
            }
        }
        return validUntil;
    }

    /** What {@code steps} simulator steps wrote to {@code table}, counted by operation and action ("UPDATE NEW_COUPON"). */
    private static Map<String, Long> stepsOn(TrafficSimulator simulator, Connection db, String table, int steps)
            throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < steps; i++) {
            simulator.step(db).filter(change -> change.table().equals(table))
                    .ifPresent(change -> counts.merge(change.op() + " " + change.action(), 1L, Long::sum));
        }
        return counts;
    }

    /** A test on a fresh embedded database, migrated and seeded with the demo data of that size. */
    private void withDemoDatabase(int restaurants, int customers, DatabaseTest test) throws Exception {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(home.resolve("pg"), FreePort.find(),
                EmbeddedPostgresServer.logicalReplicationConfig())) {
            SchemaMigrator.migrate(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
            try (Connection db = postgres.connect()) {
                new DemoDataSeeder(7, DemoDataSeeder.Size.of(restaurants, customers), Instant.now()).seedIfEmpty(db);
                test.run(db);
            }
        }
    }

    private interface DatabaseTest {
        void run(Connection db) throws Exception;
    }

    private static Map<Long, Long> dealsPerRestaurant(Connection db) throws Exception {
        return perRestaurant(db, "SELECT restaurant_id, count(*) FROM menuca_v3.promotional_deals GROUP BY 1");
    }

    private static Map<Long, Long> couponsPerRestaurant(Connection db) throws Exception {
        return perRestaurant(db, "SELECT restaurant_id, count(*) FROM menuca_v3.promotional_coupons GROUP BY 1");
    }

    private static Map<Long, Long> perRestaurant(Connection db, String sql) throws Exception {
        Map<Long, Long> counts = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(sql);
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** Right after the step: the row as reported is there (inserted, updated) or gone (deleted), with its restaurant and customer. */
    private static boolean asReported(Connection db, Change change) throws Exception {
        String[] key = change.key().split("/");
        String sql = switch (change.table()) {
            case "coupon_usage_log" -> "SELECT restaurant_id, customer_id FROM menuca_v3.coupon_usage_log WHERE order_id = ?";
            case "restaurant_tag_associations" -> "SELECT restaurant_id, NULL FROM menuca_v3.restaurant_tag_associations"
                    + " WHERE restaurant_id = ? AND tag_id = ?";
            case "marketing_tags" -> "SELECT NULL, NULL FROM menuca_v3.marketing_tags WHERE id = ?";
            default -> "SELECT restaurant_id, NULL FROM menuca_v3." + change.table() + " WHERE id = ?";
        };
        try (PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < key.length; i++) {
                query.setLong(i + 1, Long.parseLong(key[i]));
            }
            try (ResultSet rs = query.executeQuery()) {
                if (change.op().equals("DELETE")) {
                    return !rs.next();
                }
                if (!rs.next()) {
                    return false;
                }
                Long restaurant = (Long) rs.getObject(1);
                Long customer = (Long) rs.getObject(2);
                return java.util.Objects.equals(restaurant, change.restaurantId())
                        && java.util.Objects.equals(customer, change.customerId());
            }
        }
    }
}
