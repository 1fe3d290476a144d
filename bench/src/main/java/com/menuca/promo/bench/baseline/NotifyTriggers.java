package com.menuca.promo.bench.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The original design's triggers ({@code seed-notify-triggers.sql}): row triggers that compute the
 * business events and {@code pg_notify} them on the eight channels the platform had, inside the writer's
 * transaction. A redemption (a {@code coupon_usage_log} insert) counts the coupon's redemptions, sums the
 * customer's savings and reads the coupon's limit, then notifies {@code restaurant_{id}_coupon_redeemed},
 * {@code customer_{id}_coupon_redeemed} and, when the limit is reached, {@code coupon_limit_reached}.
 * Deals notify {@code deal_published}, {@code restaurant_{id}_deal_published}, {@code _deal_status} and
 * {@code _deal_expiring}; new coupons {@code restaurant_{id}_coupon_created}.
 */
public final class NotifyTriggers {
    private static final String SCRIPT = "seed-notify-triggers.sql";

    private NotifyTriggers() {
    }

    /** The eight channels a dashboard of {@code restaurant} with customer {@code customer} listens on. */
    public static List<String> channels(long restaurant, long customer) {
        return List.of("deal_published", "restaurant_" + restaurant + "_deal_published",
                "restaurant_" + restaurant + "_deal_status", "restaurant_" + restaurant + "_deal_expiring",
                "restaurant_" + restaurant + "_coupon_created", redemptionChannel(restaurant),
                "customer_" + customer + "_coupon_redeemed", "coupon_limit_reached");
    }

    /** A restaurant's redemptions, each with the coupon's running count. */
    public static String redemptionChannel(long restaurant) {
        return "restaurant_" + restaurant + "_coupon_redeemed";
    }

    public static void install(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(script());
        }
    }

    public static void remove(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("""
                    DROP TRIGGER IF EXISTS seed_notify ON menuca_v3.promotional_deals;
                    DROP TRIGGER IF EXISTS seed_notify ON menuca_v3.promotional_coupons;
                    DROP TRIGGER IF EXISTS seed_notify ON menuca_v3.coupon_usage_log""");
        }
    }

    private static String script() {
        try (InputStream in = NotifyTriggers.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the bench module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCRIPT, e);
        }
    }
}
