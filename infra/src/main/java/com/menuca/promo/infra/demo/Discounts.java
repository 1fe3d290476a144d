package com.menuca.promo.infra.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** What a coupon takes off an order: a percentage of the total, or a fixed amount capped at the total. */
final class Discounts {
    private Discounts() {
    }

    static BigDecimal applied(boolean percent, BigDecimal value, BigDecimal orderTotal) {
        BigDecimal discount = percent
                ? orderTotal.multiply(value).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP)
                : value;
        return discount.min(orderTotal).setScale(2, RoundingMode.HALF_UP);
    }
}
