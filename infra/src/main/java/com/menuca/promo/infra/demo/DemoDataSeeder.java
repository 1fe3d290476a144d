package com.menuca.promo.infra.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an empty {@code menuca_v3} with realistic, deterministic demo data: restaurants with skewed
 * popularity, deals in every status, coupons with and without limits, tags, and a week of usage that
 * never exceeds a coupon's limit. A database that already has deals is left alone.
 */
public final class DemoDataSeeder {
    private static final Logger LOGGER = LoggerFactory.getLogger(DemoDataSeeder.class);

    /** How much to create. */
    public record Size(int restaurants, int deals, int coupons, int tags, int usageRows, int customers) {
        public static final Size DEFAULT = new Size(24, 120, 240, 32, 3_000, TrafficSimulator.DEFAULT_CUSTOMERS);

        /** The default's shape (five deals and ten coupons per restaurant) for more restaurants and customers. */
        public static Size of(int restaurants, int customers) {
            if (restaurants < 1 || customers < 1) {
                throw new IllegalArgumentException("demo data needs at least one restaurant and one customer");
            }
            return new Size(restaurants, 5 * restaurants, 10 * restaurants, DEFAULT.tags(), DEFAULT.usageRows(), customers);
        }
    }

    /** What was created, for banners and tests. */
    public record Seeded(int deals, int coupons, int tags, int associations, int usageRows) {
    }

    private final Random random;
    private final Size size;
    private final Hotness hotness;
    private final Instant now;

    public DemoDataSeeder(long seed, Size size, Instant now) {
        this.random = new Random(seed);
        this.size = size;
        this.hotness = new Hotness(size.restaurants(), 1.1);
        this.now = now;
    }

    /** Seeds when {@code promotional_deals} is empty; returns empty counts otherwise. */
    public Seeded seedIfEmpty(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM menuca_v3.promotional_deals)")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return new Seeded(0, 0, 0, 0, 0);
            }
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            List<Long> tagIds = insertTags(connection);
            int associations = insertAssociations(connection, tagIds);
            List<DealRow> deals = insertDeals(connection);
            List<CouponRow> coupons = insertCoupons(connection, deals);
            int usage = insertUsage(connection, coupons);
            connection.commit();
            Seeded seeded = new Seeded(deals.size(), coupons.size(), tagIds.size(), associations, usage);
            LOGGER.info("Demo data: {} restaurants, {} deals, {} coupons, {} tags ({} associations), {} usage rows",
                    size.restaurants(), seeded.deals(), seeded.coupons(), seeded.tags(), associations, usage);
            return seeded;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private List<Long> insertTags(Connection connection) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES (?, ?) RETURNING id")) {
            for (String name : DemoCatalog.TAGS.subList(0, Math.min(size.tags(), DemoCatalog.TAGS.size()))) {
                insert.setString(1, name);
                insert.setString(2, name.toLowerCase().replaceAll("[^a-z0-9]+", "-"));
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private int insertAssociations(Connection connection, List<Long> tagIds) throws SQLException {
        int count = 0;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO menuca_v3.restaurant_tag_associations (restaurant_id, tag_id) VALUES (?, ?)")) {
            for (long restaurant = 1; restaurant <= size.restaurants(); restaurant++) {
                int tags = 2 + random.nextInt(4);
                List<Long> shuffled = new ArrayList<>(tagIds);
                java.util.Collections.shuffle(shuffled, random);
                for (Long tag : shuffled.subList(0, Math.min(tags, shuffled.size()))) {
                    insert.setLong(1, restaurant);
                    insert.setLong(2, tag);
                    insert.addBatch();
                    count++;
                }
            }
            insert.executeBatch();
        }
        return count;
    }

    record DealRow(long id, long restaurantId, boolean active) {
    }

    private List<DealRow> insertDeals(Connection connection) throws SQLException {
        List<DealRow> deals = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO menuca_v3.promotional_deals
                  (restaurant_id, title, description, deal_type, discount_percent, discount_amount,
                   starts_at, ends_at, is_active, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            for (int i = 0; i < size.deals(); i++) {
                long restaurant = i < size.restaurants() ? i + 1 : hotness.pick(random);
                DealShape shape = DealShape.random(random, now);
                insert.setLong(1, restaurant);
                insert.setString(2, shape.title);
                insert.setString(3, "Restaurant " + restaurant + ": " + shape.title.toLowerCase());
                insert.setString(4, shape.dealType);
                insert.setBigDecimal(5, shape.percent);
                insert.setBigDecimal(6, shape.amount);
                insert.setTimestamp(7, Timestamp.from(shape.startsAt));
                insert.setTimestamp(8, shape.endsAt == null ? null : Timestamp.from(shape.endsAt));
                insert.setBoolean(9, shape.active);
                insert.setString(10, shape.status);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    deals.add(new DealRow(rs.getLong(1), restaurant, shape.active));
                }
            }
        }
        return deals;
    }

    record CouponRow(long id, long restaurantId, boolean percent, BigDecimal value, Integer usageLimit,
                     Integer perCustomerLimit) {
    }

    private List<CouponRow> insertCoupons(Connection connection, List<DealRow> deals) throws SQLException {
        List<CouponRow> coupons = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO menuca_v3.promotional_coupons
                  (restaurant_id, deal_id, code, discount_type, discount_value, usage_limit, per_customer_limit,
                   valid_from, valid_until, is_active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            for (int i = 0; i < size.coupons(); i++) {
                DealRow deal = deals.get(random.nextInt(deals.size()));
                boolean linked = random.nextDouble() < 0.8;
                boolean percent = random.nextBoolean();
                BigDecimal value = percent ? BigDecimal.valueOf(5 + 5L * random.nextInt(6))
                        : BigDecimal.valueOf(2 + random.nextInt(14)).setScale(2, RoundingMode.UNNECESSARY);
                Integer usageLimit = random.nextDouble() < 0.3 ? null : 50 + random.nextInt(450);
                Integer perCustomer = random.nextDouble() < 0.4 ? null : 1 + random.nextInt(3);
                Instant validFrom = now.minus(Duration.ofDays(1 + random.nextInt(20)));
                Instant validUntil = random.nextDouble() < 0.15 ? null
                        : now.plus(Duration.ofMinutes(30 + random.nextInt(60 * 24 * 21)));
                String code = DemoCatalog.COUPON_WORDS.get(random.nextInt(DemoCatalog.COUPON_WORDS.size()))
                        + value.intValue() + "-" + (i + 1);
                insert.setLong(1, deal.restaurantId());
                if (linked) {
                    insert.setLong(2, deal.id());
                } else {
                    insert.setNull(2, java.sql.Types.BIGINT);
                }
                insert.setString(3, code);
                insert.setString(4, percent ? "percent" : "amount");
                insert.setBigDecimal(5, value);
                setNullableInt(insert, 6, usageLimit);
                setNullableInt(insert, 7, perCustomer);
                insert.setTimestamp(8, Timestamp.from(validFrom));
                insert.setTimestamp(9, validUntil == null ? null : Timestamp.from(validUntil));
                insert.setBoolean(10, random.nextDouble() < 0.9);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    coupons.add(new CouponRow(rs.getLong(1), deal.restaurantId(), percent, value, usageLimit, perCustomer));
                }
            }
        }
        return coupons;
    }

    private int insertUsage(Connection connection, List<CouponRow> coupons) throws SQLException {
        UsageLedger ledger = new UsageLedger();
        int written = 0;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO menuca_v3.coupon_usage_log
                  (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total, used_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (int attempt = 0; written < size.usageRows() && attempt < size.usageRows() * 10; attempt++) {
                long restaurant = hotness.pick(random);
                List<CouponRow> ofRestaurant = coupons.stream().filter(c -> c.restaurantId() == restaurant).toList();
                if (ofRestaurant.isEmpty()) {
                    continue;
                }
                CouponRow coupon = ofRestaurant.get(random.nextInt(ofRestaurant.size()));
                long customer = 1 + random.nextInt(size.customers());
                if (!ledger.tryUse(coupon.id(), customer, coupon.usageLimit(), coupon.perCustomerLimit())) {
                    continue;
                }
                BigDecimal total = BigDecimal.valueOf(1200 + random.nextInt(10_800), 2);
                insert.setLong(1, coupon.id());
                insert.setLong(2, restaurant);
                insert.setLong(3, customer);
                insert.setLong(4, 100_000L + written);
                insert.setBigDecimal(5, Discounts.applied(coupon.percent(), coupon.value(), total));
                insert.setBigDecimal(6, total);
                insert.setTimestamp(7, Timestamp.from(now.minusSeconds(random.nextInt(7 * 24 * 3600))));
                insert.addBatch();
                written++;
            }
            insert.executeBatch();
        }
        return written;
    }

    private static void setNullableInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    /** The status, activity and schedule of one generated deal. */
    private record DealShape(String title, String dealType, BigDecimal percent, BigDecimal amount,
                             Instant startsAt, Instant endsAt, boolean active, String status) {
        static DealShape random(Random random, Instant now) {
            int pct = 10 + 5 * random.nextInt(7);
            String template = DemoCatalog.DEAL_TITLES.get(random.nextInt(DemoCatalog.DEAL_TITLES.size()));
            String title = template.contains("%d") ? String.format(template, pct) : template;
            String type = template.contains("%d") ? "percent"
                    : template.contains("Free delivery") ? "free_delivery"
                    : template.contains("Two-for-one") ? "bogo" : "amount";
            BigDecimal percent = "percent".equals(type) ? BigDecimal.valueOf(pct) : null;
            BigDecimal amount = "amount".equals(type) ? BigDecimal.valueOf(3 + random.nextInt(12)).setScale(2) : null;
            double u = random.nextDouble();
            Instant start = now.minus(Duration.ofHours(1 + random.nextInt(24 * 10)));
            if (u < 0.6) {
                // live; a share of them ending within the next hours so expiry warnings show up soon
                Instant end = random.nextDouble() < 0.25 ? now.plus(Duration.ofMinutes(20 + random.nextInt(180)))
                        : now.plus(Duration.ofHours(6 + random.nextInt(24 * 14)));
                return new DealShape(title, type, percent, amount, start, end, true, "active");
            } else if (u < 0.7) {
                Instant future = now.plus(Duration.ofMinutes(10 + random.nextInt(60 * 48)));
                return new DealShape(title, type, percent, amount, future, future.plus(Duration.ofDays(3)), false, "scheduled");
            } else if (u < 0.8) {
                return new DealShape(title, type, percent, amount, start, now.plus(Duration.ofDays(5)), false, "paused");
            } else if (u < 0.9) {
                Instant ended = now.minus(Duration.ofHours(1 + random.nextInt(48)));
                return new DealShape(title, type, percent, amount, ended.minus(Duration.ofDays(7)), ended, false, "expired");
            } else if (u < 0.95) {
                return new DealShape(title, type, percent, amount, now.plus(Duration.ofDays(7)), null, false, "draft");
            }
            return new DealShape(title, type, percent, amount, start, now.plus(Duration.ofDays(2)), false, "cancelled");
        }
    }
}
