package com.menuca.promo.processor.coupon;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The coupons of a task's restaurants, keyed {@code restaurant/coupon}. */
public final class CouponBook {
    private final KeyValueStore<String, StoredCoupon> store;

    public CouponBook(KeyValueStore<String, StoredCoupon> store) {
        this.store = store;
    }

    public StoredCoupon get(long restaurantId, long couponId) {
        return store.get(restaurantId + "/" + couponId);
    }

    public void put(StoredCoupon coupon) {
        store.put(coupon.row().restaurantId() + "/" + coupon.row().id(), coupon);
    }

    public void delete(long restaurantId, long couponId) {
        store.delete(restaurantId + "/" + couponId);
    }

    /** The restaurant's coupons that belong to {@code dealId}. */
    public List<StoredCoupon> ofDeal(long restaurantId, long dealId) {
        List<StoredCoupon> coupons = new ArrayList<>();
        try (KeyValueIterator<String, StoredCoupon> it = store.prefixScan(restaurantId + "/", new StringSerializer())) {
            it.forEachRemaining(entry -> {
                if (entry.value.row().dealId() != null && entry.value.row().dealId() == dealId) {
                    coupons.add(entry.value);
                }
            });
        }
        return coupons;
    }
}
