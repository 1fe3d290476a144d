package com.menuca.promo.processor.service;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes promotion rows over JDBC, each statement its own transaction, as an ordering service would. */
final class PromoDatabase {
    private final Connection connection;

    PromoDatabase(Connection connection) {
        this.connection = connection;
    }

    long deal(long restaurantId, String title) throws SQLException {
        return id("""
                INSERT INTO menuca_v3.promotional_deals (restaurant_id, title, deal_type, discount_percent, starts_at, ends_at, is_active, status)
                VALUES (%d, '%s', 'percent', 10.00, now() - interval '1 hour', now() + interval '7 days', true, 'active') RETURNING id"""
                .formatted(restaurantId, title));
    }

    long coupon(long restaurantId, long dealId, String code, Integer usageLimit) throws SQLException {
        return id("""
                INSERT INTO menuca_v3.promotional_coupons (restaurant_id, deal_id, code, discount_type, discount_value, usage_limit)
                VALUES (%d, %d, '%s', 'amount', 4.50, %s) RETURNING id"""
                .formatted(restaurantId, dealId, code, usageLimit == null ? "NULL" : usageLimit.toString()));
    }

    long usage(long couponId, long restaurantId, long customerId, long orderId) throws SQLException {
        return id("""
                INSERT INTO menuca_v3.coupon_usage_log (coupon_id, restaurant_id, customer_id, order_id, discount_applied, order_total)
                VALUES (%d, %d, %d, %d, 4.50, 30.00) RETURNING id""".formatted(couponId, restaurantId, customerId, orderId));
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of every row. */
    java.util.List<Long> longs(String sql) throws SQLException {
        java.util.List<Long> values = new java.util.ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    BigDecimal sum(String sql) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private long id(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
