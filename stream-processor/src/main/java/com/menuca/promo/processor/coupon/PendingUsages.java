package com.menuca.promo.processor.coupon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Usage changes waiting for a coupon, keyed {@code restaurant/coupon/sequence} so a coupon's waiting
 * changes are one prefix scan in arrival order. Normally empty: change topics are read roughly in
 * commit order, and a coupon is committed before its first use.
 */
public final class PendingUsages {
    private final KeyValueStore<String, PendingUsage> store;

    public PendingUsages(KeyValueStore<String, PendingUsage> store) {
        this.store = store;
    }

    /** The waiting changes of one coupon, in arrival order. */
    public record Waiting(long restaurantId, long couponId, List<PendingUsage> usages) {
    }

    public boolean isWaiting(long restaurantId, long couponId) {
        try (KeyValueIterator<String, PendingUsage> it = store.prefixScan(prefix(restaurantId, couponId),
                new StringSerializer())) {
            return it.hasNext();
        }
    }

    public void park(long restaurantId, long couponId, PendingUsage usage) {
        store.put(prefix(restaurantId, couponId) + String.format("%019d", usage.sequence()), usage);
    }

    /** Takes out every change waiting for the coupon, in arrival order. */
    public List<PendingUsage> release(long restaurantId, long couponId) {
        List<KeyValue<String, PendingUsage>> entries = new ArrayList<>();
        try (KeyValueIterator<String, PendingUsage> it = store.prefixScan(prefix(restaurantId, couponId),
                new StringSerializer())) {
            it.forEachRemaining(entries::add);
        }
        entries.forEach(entry -> store.delete(entry.key));
        return entries.stream().map(entry -> entry.value).toList();
    }

    /**
     * Takes out every coupon's waiting changes whose oldest has waited {@code wait} or longer: the
     * later ones depend on the same missing coupon, so they give up together.
     */
    public List<Waiting> expire(Instant now, Duration wait) {
        long cutoff = now.toEpochMilli() - wait.toMillis();
        Map<String, Waiting> expired = new LinkedHashMap<>();
        Set<String> decided = new HashSet<>();
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, PendingUsage> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, PendingUsage> entry = it.next();
                String coupon = entry.key.substring(0, entry.key.lastIndexOf('/'));
                // the coupon's oldest change decides for all of them
                if (decided.add(coupon) && entry.value.parkedAtMs() <= cutoff) {
                    String[] ids = coupon.split("/");
                    expired.put(coupon, new Waiting(Long.parseLong(ids[0]), Long.parseLong(ids[1]), new ArrayList<>()));
                }
                Waiting group = expired.get(coupon);
                if (group != null) {
                    group.usages().add(entry.value);
                    keys.add(entry.key);
                }
            }
        }
        keys.forEach(store::delete);
        return List.copyOf(expired.values());
    }

    private static String prefix(long restaurantId, long couponId) {
        return restaurantId + "/" + couponId + "/";
    }
}
