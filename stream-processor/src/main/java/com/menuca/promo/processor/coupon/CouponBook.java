package com.menuca.promo.processor.coupon;

import com.menuca.promo.processor.store.ObjectCachedStore;
import org.apache.kafka.streams.state.KeyValueStore;

/** The coupons of a task's restaurants, keyed {@code restaurant/coupon}. */
public final class CouponBook {
    private final ObjectCachedStore<String, StoredCoupon> coupons;

    public CouponBook(KeyValueStore<String, StoredCoupon> store) {
        this.coupons = ObjectCachedStore.of(store);
    }

    public StoredCoupon get(long restaurantId, long couponId) {
        return coupons.get(restaurantId + "/" + couponId);
    }

    public void put(StoredCoupon coupon) {
        coupons.put(coupon.row().restaurantId() + "/" + coupon.row().id(), coupon);
    }

    public void delete(long restaurantId, long couponId) {
        coupons.delete(restaurantId + "/" + couponId);
    }
}
