package com.menuca.promo.infra.demo;

import java.util.HashMap;
import java.util.Map;

/** Counts uses per coupon and per (coupon, customer) so generated traffic respects coupon limits. */
final class UsageLedger {
    private final Map<Long, Integer> perCoupon = new HashMap<>();
    private final Map<Long, Map<Long, Integer>> perCustomer = new HashMap<>();

    /** Records one use if both limits allow it; null limits mean unlimited. */
    boolean tryUse(long couponId, long customerId, Integer usageLimit, Integer perCustomerLimit) {
        int used = perCoupon.getOrDefault(couponId, 0);
        int usedByCustomer = perCustomer.getOrDefault(couponId, Map.of()).getOrDefault(customerId, 0);
        if ((usageLimit != null && used >= usageLimit) || (perCustomerLimit != null && usedByCustomer >= perCustomerLimit)) {
            return false;
        }
        record(couponId, customerId, 1);
        return true;
    }

    void record(long couponId, long customerId, int uses) {
        perCoupon.merge(couponId, uses, Integer::sum);
        perCustomer.computeIfAbsent(couponId, id -> new HashMap<>()).merge(customerId, uses, Integer::sum);
    }

    int uses(long couponId) {
        return perCoupon.getOrDefault(couponId, 0);
    }
}
