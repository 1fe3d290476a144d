package com.menuca.promo.processor.coupon;

import com.menuca.promo.processor.store.ObjectCachedStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Per coupon and customer redemptions, keyed {@code coupon/customer}. */
public final class CustomerUsageBook {
    private final ObjectCachedStore<String, CustomerUsage> usages;
    private final KeyValueStore<String, CustomerUsage> store;

    public CustomerUsageBook(KeyValueStore<String, CustomerUsage> store) {
        this.store = store;
        this.usages = ObjectCachedStore.of(store);
    }

    public CustomerUsage get(long couponId, long customerId) {
        CustomerUsage usage = usages.get(couponId + "/" + customerId);
        return usage == null ? CustomerUsage.NONE : usage;
    }

    public void put(long couponId, long customerId, CustomerUsage usage) {
        if (usage.equals(CustomerUsage.NONE)) {
            usages.delete(couponId + "/" + customerId);
        } else {
            usages.put(couponId + "/" + customerId, usage);
        }
    }

    /** Every customer's usage of the coupon, by customer id. */
    public List<KeyValue<Long, CustomerUsage>> ofCoupon(long couponId) {
        List<KeyValue<Long, CustomerUsage>> usages = new ArrayList<>();
        String prefix = couponId + "/";
        try (KeyValueIterator<String, CustomerUsage> it = store.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(entry -> usages.add(
                    KeyValue.pair(Long.parseLong(entry.key.substring(prefix.length())), entry.value)));
        }
        return usages;
    }

    public void deleteCoupon(long couponId) {
        for (KeyValue<Long, CustomerUsage> usage : ofCoupon(couponId)) {
            usages.delete(couponId + "/" + usage.key);
        }
    }
}
