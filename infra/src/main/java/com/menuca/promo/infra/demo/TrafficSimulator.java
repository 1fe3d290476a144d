package com.menuca.promo.infra.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes realistic promotion traffic into {@code menuca_v3}, all five tables: customers redeeming
 * coupons at a set rate (a few hot restaurants, most quiet; limits respected), and, at a tenth of that
 * pace, restaurants publishing, pausing and ending deals, deals about to end, new small-limit coupons,
 * tags being attached and detached, and now and then a new tag.
 *
 * <p>Every write is its own transaction, as an ordering service would commit it. The sequence of
 * actions is deterministic for a seed; their timing follows the wall clock. A benchmark that paces
 * writes on its own schedule drives the same mix one action at a time with {@link #step}.
 */
public final class TrafficSimulator implements Runnable, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(TrafficSimulator.class);

    /** Everything the simulator does, for its progress line and tests. */
    public enum Action { REDEEM, PUBLISH_DEAL, PAUSE_DEAL, END_DEAL, DEAL_ENDING_SOON, NEW_COUPON, ATTACH_TAG, DETACH_TAG, NEW_TAG }

    /** Customers of the demo data and the simulator unless told otherwise. */
    public static final int DEFAULT_CUSTOMERS = 600;
    /** Redemptions per other action in the mix (deal, coupon and tag changes come at a tenth of the pace). */
    private static final int REDEMPTIONS_PER_OTHER = 10;
    /**
     * Deals a restaurant keeps at most. Past it, a restaurant re-runs one of its own deals (an UPDATE)
     * instead of adding one, as restaurants rotate a handful of promotions: the deal population, and the
     * work each restaurant's performance costs downstream, stays the same however long the simulator runs.
     */
    static final int DEALS_PER_RESTAURANT = 8;
    /**
     * Coupons a restaurant keeps at most, live or used up. Past it, the restaurant tops one of its own up
     * (an UPDATE raising its limit) instead of issuing another: like the deals, the coupon population, and
     * what is kept per coupon downstream (its tally and counts, the gateway's latest value of them), stays
     * the same however long the simulator runs, where issuing a new coupon for every one used up added a
     * dozen a second at a thousand changes a second.
     */
    static final int COUPONS_PER_RESTAURANT = 12;

    private final Supplier<Connection> connections;
    private final double redemptionsPerSecond;
    private final Random random;
    private final Hotness hotness;
    private final int restaurants;
    private final int customers;
    private final Map<Action, AtomicLong> counts = new EnumMap<>(Action.class);
    private final UsageLedger ledger = new UsageLedger();
    private final List<Coupon> coupons = new ArrayList<>();
    /** Every coupon a restaurant has issued that the simulator knows of, live or used up. */
    private final Map<Long, List<Coupon>> issued = new HashMap<>();
    private final List<Deal> deals = new ArrayList<>();
    private final List<Long> tagIds = new ArrayList<>();
    private volatile boolean running = true;
    private Thread thread;
    private long nextOrderId;
    private boolean loaded;
    /** What the last action wrote, for {@link #step}. */
    private Change written;

    private record Coupon(long id, long restaurantId, boolean percent, BigDecimal value, Integer usageLimit,
                          Integer perCustomerLimit) {
    }

    private static final class Deal {
        final long id;
        final long restaurantId;
        String status;

        Deal(long id, long restaurantId, String status) {
            this.id = id;
            this.restaurantId = restaurantId;
            this.status = status;
        }
    }

    /**
     * @param connections          opens a connection to the application database (one is kept open)
     * @param redemptionsPerSecond coupon redemptions per second; deal and tag activity scales with it
     */
    public TrafficSimulator(Supplier<Connection> connections, double redemptionsPerSecond, long seed, int restaurants) {
        this(connections, redemptionsPerSecond, seed, restaurants, DEFAULT_CUSTOMERS);
    }

    /**
     * @param restaurants restaurants 1..n that redemptions and deals are spread over (a few hot, most quiet)
     * @param customers   customers 1..n who redeem
     */
    public TrafficSimulator(Supplier<Connection> connections, double redemptionsPerSecond, long seed, int restaurants,
                            int customers) {
        if (redemptionsPerSecond <= 0) {
            throw new IllegalArgumentException("simulation rate must be positive, got " + redemptionsPerSecond);
        }
        if (restaurants < 1 || customers < 1) {
            throw new IllegalArgumentException("the simulator needs at least one restaurant and one customer");
        }
        this.connections = connections;
        this.redemptionsPerSecond = redemptionsPerSecond;
        this.random = new Random(seed);
        this.restaurants = restaurants;
        this.customers = customers;
        this.hotness = new Hotness(restaurants, 1.1);
        for (Action action : Action.values()) {
            counts.put(action, new AtomicLong());
        }
    }

    /** Starts writing on a daemon thread. */
    public synchronized void start() {
        thread = new Thread(this, "traffic-simulator");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A simulator that writes only when {@link #step} is called, for a writer that keeps its own
     * schedule (a benchmark): the same mix as a running simulator, one action at a time.
     */
    /**
     * One row change the simulator committed, as a benchmark needs it to know who should see it.
     *
     * @param table        the table's name in {@code menuca_v3}
     * @param op           {@code INSERT}, {@code UPDATE} or {@code DELETE}, as postgres_changes names it
     * @param key          the row's identity: {@code order_id} of a usage row, {@code id} of a deal, coupon or tag,
     *                     {@code restaurant_id/tag_id} of a tag association
     * @param restaurantId the row's restaurant; null for a marketing tag
     * @param customerId   the usage row's customer; null for other tables
     */
    public record Change(Action action, String table, String op, String key, Long restaurantId, Long customerId) {
    }

    public static TrafficSimulator stepper(long seed, int restaurants, int customers) {
        return new TrafficSimulator(() -> {
            throw new IllegalStateException("a stepping simulator writes on the connection given to step()");
        }, 1, seed, restaurants, customers);
    }

    public long count(Action action) {
        return counts.get(action).get();
    }

    /**
     * Performs the next action of the mix on {@code connection}: a redemption ten times in eleven, else a
     * deal, coupon or tag change. Its statements run in the connection's current transaction (one
     * statement each; with auto-commit on, its own transaction). The first call reads the coupons,
     * deals and tags the mix works on.
     *
     * @return the change written, or empty when it wrote nothing (a coupon at its limit, a tag
     *         already attached: the next call tries another)
     */
    public java.util.Optional<Change> step(Connection connection) throws SQLException {
        if (!loaded) {
            load(connection);
        }
        written = null;
        if (random.nextInt(REDEMPTIONS_PER_OTHER + 1) < REDEMPTIONS_PER_OTHER) {
            redeem(connection);
        } else {
            other(connection);
        }
        return java.util.Optional.ofNullable(written);
    }

    @Override
    public void run() {
        double otherPerSecond = Math.max(0.5, redemptionsPerSecond / REDEMPTIONS_PER_OTHER);
        try (Connection connection = connections.get()) {
            load(connection);
            LOGGER.info("Simulator: {} redemptions/s and {} deal/coupon/tag changes/s over {} restaurants",
                    redemptionsPerSecond, String.format("%.1f", otherPerSecond), restaurants);
            long start = System.nanoTime();
            long redemptionsDue;
            long othersDue;
            long redemptionsDone = 0;
            long othersDone = 0;
            long lastReport = start;
            while (running) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                redemptionsDue = (long) (elapsed * redemptionsPerSecond);
                othersDue = (long) (elapsed * otherPerSecond);
                boolean idle = true;
                while (redemptionsDone < redemptionsDue && running) {
                    redeem(connection);
                    redemptionsDone++;
                    idle = false;
                }
                while (othersDone < othersDue && running) {
                    other(connection);
                    othersDone++;
                    idle = false;
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    LOGGER.info("Simulator progress: {}", counts);
                }
                if (idle) {
                    Thread.sleep(5);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            if (running) {
                LOGGER.error("Simulator stopped: {}", e.getMessage(), e);
            }
        }
    }

    private void load(Connection connection) throws SQLException {
        loaded = true;
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery("""
                    SELECT id, restaurant_id, discount_type, discount_value, usage_limit, per_customer_limit
                    FROM menuca_v3.promotional_coupons
                    WHERE is_active AND (valid_until IS NULL OR valid_until > now()) ORDER BY id""")) {
                while (rs.next()) {
                    Coupon coupon = new Coupon(rs.getLong(1), rs.getLong(2), "percent".equals(rs.getString(3)),
                            rs.getBigDecimal(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6));
                    coupons.add(coupon);
                    issued.computeIfAbsent(coupon.restaurantId(), r -> new ArrayList<>()).add(coupon);
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT coupon_id, customer_id, count(*) FROM menuca_v3.coupon_usage_log GROUP BY 1, 2")) {
                while (rs.next()) {
                    ledger.record(rs.getLong(1), rs.getLong(2), rs.getInt(3));
                }
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT id, restaurant_id, status FROM menuca_v3.promotional_deals ORDER BY id")) {
                while (rs.next()) {
                    deals.add(new Deal(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id FROM menuca_v3.marketing_tags ORDER BY id")) {
                while (rs.next()) {
                    tagIds.add(rs.getLong(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(order_id), 0) + 1 FROM menuca_v3.coupon_usage_log")) {
                rs.next();
                nextOrderId = rs.getLong(1);
            }
        }
    }

    private Action redeem(Connection connection) throws SQLException {
        long restaurant = hotness.pick(random);
        List<Coupon> candidates = coupons.stream().filter(c -> c.restaurantId() == restaurant).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        Coupon coupon = candidates.get(random.nextInt(candidates.size()));
        long customer = 1 + random.nextInt(customers);
        if (!ledger.tryUse(coupon.id(), customer, coupon.usageLimit(), coupon.perCustomerLimit())) {
            if (coupon.usageLimit() != null && ledger.uses(coupon.id()) >= coupon.usageLimit()) {
                coupons.remove(coupon);
            }
            return null;
        }
        BigDecimal total = BigDecimal.valueOf(1200 + random.nextInt(10_800), 2);
        long orderId = nextOrderId++;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO menuca_v3.coupon_usage_log
                  (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, coupon.id());
            insert.setLong(2, restaurant);
            insert.setLong(3, customer);
            insert.setLong(4, orderId);
            insert.setBigDecimal(5, Discounts.applied(coupon.percent(), coupon.value(), total));
            insert.setBigDecimal(6, total);
            insert.executeUpdate();
        }
        counts.get(Action.REDEEM).incrementAndGet();
        written = new Change(Action.REDEEM, "coupon_usage_log", "INSERT", String.valueOf(orderId), restaurant, customer);
        return Action.REDEEM;
    }

    /** One deal, coupon or tag change; null when it wrote nothing. */
    private Action other(Connection connection) throws SQLException {
        int roll = random.nextInt(100);
        if (roll < 25) {
            return publishDeal(connection);
        } else if (roll < 40) {
            return changeStatus(connection, "paused", Action.PAUSE_DEAL);
        } else if (roll < 50) {
            return changeStatus(connection, "expired", Action.END_DEAL);
        } else if (roll < 65) {
            return insertDeal(connection, Duration.ofMinutes(5 + random.nextInt(16)), Action.DEAL_ENDING_SOON);
        } else if (roll < 80) {
            return newCoupon(connection);
        } else if (roll < 90) {
            return attachTag(connection);
        } else if (roll < 97) {
            return detachTag(connection);
        }
        return newTag(connection);
    }

    private Action publishDeal(Connection connection) throws SQLException {
        List<Deal> waiting = deals.stream().filter(d -> d.status.equals("paused") || d.status.equals("scheduled")).toList();
        if (!waiting.isEmpty() && random.nextBoolean()) {
            Deal deal = waiting.get(random.nextInt(waiting.size()));
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE menuca_v3.promotional_deals
                    SET status = 'active', is_active = true, starts_at = least(starts_at, now()),
                        ends_at = greatest(ends_at, now() + interval '1 day')
                    WHERE id = ?""")) {
                update.setLong(1, deal.id);
                update.executeUpdate();
            }
            deal.status = "active";
            counts.get(Action.PUBLISH_DEAL).incrementAndGet();
            written = new Change(Action.PUBLISH_DEAL, "promotional_deals", "UPDATE", String.valueOf(deal.id), deal.restaurantId, null);
            return Action.PUBLISH_DEAL;
        }
        return insertDeal(connection, Duration.ofHours(1 + random.nextInt(48)), Action.PUBLISH_DEAL);
    }

    private Action insertDeal(Connection connection, Duration runsFor, Action action) throws SQLException {
        long restaurant = hotness.pick(random);
        int pct = 10 + 5 * random.nextInt(7);
        List<Deal> own = deals.stream().filter(d -> d.restaurantId == restaurant).toList();
        if (own.size() >= DEALS_PER_RESTAURANT) {
            return rerunDeal(connection, own.get(random.nextInt(own.size())), pct, runsFor, action);
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO menuca_v3.promotional_deals
                  (restaurant_id, title, description, deal_type, discount_percent, starts_at, ends_at, is_active, status)
                VALUES (?, ?, ?, 'percent', ?, now(), ?, true, 'active') RETURNING id""")) {
            insert.setLong(1, restaurant);
            insert.setString(2, "Flash sale: " + pct + "% off");
            insert.setString(3, "Limited time at restaurant " + restaurant);
            insert.setBigDecimal(4, BigDecimal.valueOf(pct));
            insert.setTimestamp(5, Timestamp.from(Instant.now().plus(runsFor)));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                deals.add(new Deal(rs.getLong(1), restaurant, "active"));
                written = new Change(action, "promotional_deals", "INSERT", String.valueOf(rs.getLong(1)), restaurant, null);
            }
        }
        counts.get(action).incrementAndGet();
        return action;
    }

    /** The restaurant runs {@code deal} again from now, with a new discount and end. */
    private Action rerunDeal(Connection connection, Deal deal, int pct, Duration runsFor, Action action)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE menuca_v3.promotional_deals
                SET title = ?, discount_percent = ?, starts_at = now(), ends_at = ?, is_active = true, status = 'active'
                WHERE id = ?""")) {
            update.setString(1, "Flash sale: " + pct + "% off");
            update.setBigDecimal(2, BigDecimal.valueOf(pct));
            update.setTimestamp(3, Timestamp.from(Instant.now().plus(runsFor)));
            update.setLong(4, deal.id);
            update.executeUpdate();
        }
        deal.status = "active";
        counts.get(action).incrementAndGet();
        written = new Change(action, "promotional_deals", "UPDATE", String.valueOf(deal.id), deal.restaurantId, null);
        return action;
    }

    private Action changeStatus(Connection connection, String status, Action action) throws SQLException {
        List<Deal> active = deals.stream().filter(d -> d.status.equals("active")).toList();
        if (active.isEmpty()) {
            return null;
        }
        Deal deal = active.get(random.nextInt(active.size()));
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE menuca_v3.promotional_deals SET status = ?, is_active = false WHERE id = ?")) {
            update.setString(1, status);
            update.setLong(2, deal.id);
            update.executeUpdate();
        }
        deal.status = status;
        counts.get(action).incrementAndGet();
        written = new Change(action, "promotional_deals", "UPDATE", String.valueOf(deal.id), deal.restaurantId, null);
        return action;
    }

    private Action newCoupon(Connection connection) throws SQLException {
        long restaurant = hotness.pick(random);
        List<Coupon> own = issued.computeIfAbsent(restaurant, r -> new ArrayList<>());
        if (own.size() >= COUPONS_PER_RESTAURANT) {
            return topUpCoupon(connection, own, own.get(random.nextInt(own.size())));
        }
        List<Deal> ofRestaurant = deals.stream().filter(d -> d.restaurantId == restaurant && d.status.equals("active")).toList();
        Long dealId = ofRestaurant.isEmpty() ? null : ofRestaurant.get(random.nextInt(ofRestaurant.size())).id;
        BigDecimal value = BigDecimal.valueOf(10 + 5L * random.nextInt(4));
        int limit = 5 + random.nextInt(26);
        String code = DemoCatalog.COUPON_WORDS.get(random.nextInt(DemoCatalog.COUPON_WORDS.size()))
                + value.intValue() + "-S" + (coupons.size() + random.nextInt(1_000_000));
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO menuca_v3.promotional_coupons
                  (restaurant_id, deal_id, code, discount_type, discount_value, usage_limit, per_customer_limit, valid_until)
                VALUES (?, ?, ?, 'percent', ?, ?, 2, now() + interval '2 hours')
                ON CONFLICT (restaurant_id, code) DO NOTHING RETURNING id""")) {
            insert.setLong(1, restaurant);
            insert.setObject(2, dealId);
            insert.setString(3, code);
            insert.setBigDecimal(4, value);
            insert.setInt(5, limit);
            try (ResultSet rs = insert.executeQuery()) {
                if (rs.next()) {
                    Coupon coupon = new Coupon(rs.getLong(1), restaurant, true, value, limit, 2);
                    coupons.add(coupon);
                    own.add(coupon);
                    counts.get(Action.NEW_COUPON).incrementAndGet();
                    written = new Change(Action.NEW_COUPON, "promotional_coupons", "INSERT", String.valueOf(rs.getLong(1)),
                            restaurant, null);
                    return Action.NEW_COUPON;
                }
            }
        }
        return null;
    }

    /**
     * The restaurant gives {@code coupon} (one of {@code own}) more uses, and renews its validity for two
     * hours only when less than one is left, as a restaurant renews a coupon that is about to lapse. A
     * new validity is a new deadline, which the processor announces ({@code coupon_expiring}) to the
     * restaurant and to every customer who has used the coupon; renewing it on every top-up, every few
     * seconds at a hot restaurant, re-announced it as often to a customer list that grew all run long.
     */
    private Action topUpCoupon(Connection connection, List<Coupon> own, Coupon coupon) throws SQLException {
        Integer limit = coupon.usageLimit() == null ? null : ledger.uses(coupon.id()) + 5 + random.nextInt(26);
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE menuca_v3.promotional_coupons
                SET usage_limit = ?, is_active = true,
                    valid_until = CASE WHEN valid_until < now() + interval '1 hour'
                                       THEN now() + interval '2 hours' ELSE valid_until END
                WHERE id = ?""")) {
            update.setObject(1, limit);
            update.setLong(2, coupon.id());
            update.executeUpdate();
        }
        Coupon toppedUp = new Coupon(coupon.id(), coupon.restaurantId(), coupon.percent(), coupon.value(), limit,
                coupon.perCustomerLimit());
        coupons.remove(coupon);
        coupons.add(toppedUp);
        own.set(own.indexOf(coupon), toppedUp);
        counts.get(Action.NEW_COUPON).incrementAndGet();
        written = new Change(Action.NEW_COUPON, "promotional_coupons", "UPDATE", String.valueOf(coupon.id()),
                coupon.restaurantId(), null);
        return Action.NEW_COUPON;
    }

    private Action attachTag(Connection connection) throws SQLException {
        if (tagIds.isEmpty()) {
            return null;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO menuca_v3.restaurant_tag_associations (restaurant_id, tag_id) VALUES (?, ?)
                ON CONFLICT DO NOTHING""")) {
            long restaurant = 1 + random.nextInt(restaurants);
            long tag = tagIds.get(random.nextInt(tagIds.size()));
            insert.setLong(1, restaurant);
            insert.setLong(2, tag);
            if (insert.executeUpdate() > 0) {
                counts.get(Action.ATTACH_TAG).incrementAndGet();
                written = new Change(Action.ATTACH_TAG, "restaurant_tag_associations", "INSERT", restaurant + "/" + tag,
                        restaurant, null);
                return Action.ATTACH_TAG;
            }
        }
        return null;
    }

    /** A restaurant drops one of its tags (a DELETE, whose old row REPLICA IDENTITY FULL carries whole). */
    private Action detachTag(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM menuca_v3.restaurant_tag_associations
                WHERE ctid = (SELECT ctid FROM menuca_v3.restaurant_tag_associations WHERE restaurant_id = ?
                              ORDER BY tag_id LIMIT 1 OFFSET ?)
                RETURNING restaurant_id, tag_id""")) {
            delete.setLong(1, 1 + random.nextInt(restaurants));
            delete.setInt(2, random.nextInt(3));
            try (ResultSet rs = delete.executeQuery()) {
                if (rs.next()) {
                    counts.get(Action.DETACH_TAG).incrementAndGet();
                    written = new Change(Action.DETACH_TAG, "restaurant_tag_associations", "DELETE",
                            rs.getLong(1) + "/" + rs.getLong(2), rs.getLong(1), null);
                    return Action.DETACH_TAG;
                }
            }
        }
        return null;
    }

    /** Marketing adds a tag to the directory. */
    private Action newTag(Connection connection) throws SQLException {
        String word = DemoCatalog.TAGS.get(random.nextInt(DemoCatalog.TAGS.size()));
        String name = word + " " + (tagIds.size() + 1 + random.nextInt(1_000_000));
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO menuca_v3.marketing_tags (name, slug) VALUES (?, ?)
                ON CONFLICT DO NOTHING RETURNING id""")) {
            insert.setString(1, name);
            insert.setString(2, name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            try (ResultSet rs = insert.executeQuery()) {
                if (rs.next()) {
                    tagIds.add(rs.getLong(1));
                    counts.get(Action.NEW_TAG).incrementAndGet();
                    written = new Change(Action.NEW_TAG, "marketing_tags", "INSERT", String.valueOf(rs.getLong(1)), null, null);
                    return Action.NEW_TAG;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
