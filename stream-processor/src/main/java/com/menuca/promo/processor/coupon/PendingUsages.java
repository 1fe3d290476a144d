package com.menuca.promo.processor.coupon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Usage changes waiting for a coupon, keyed {@code restaurant/coupon/sequence} so a coupon's waiting
 * changes are one prefix scan in arrival order. Normally empty: change topics are read roughly in
 * commit order, and a coupon is committed before its first use.
 *
 * <p>Every usage row asks whether its coupon has changes waiting; an in-memory index of the waiting
 * coupons answers without touching the store (a store scan per row cost more than the rest of the
 * derivation). It is built from the store when the processor starts and kept in step with it.
 */
public final class PendingUsages {
    private final KeyValueStore<String, PendingUsage> store;
    /** {@code restaurant/coupon} of every coupon with waiting changes. */
    private final Set<String> waitingCoupons = new HashSet<>();
    /** Restaurants with waiting changes, and which of their coupons wait. */
    private final Map<Long, Set<Long>> waitingByRestaurant = new HashMap<>();

    public PendingUsages(KeyValueStore<String, PendingUsage> store) {
        this.store = store;
        try (KeyValueIterator<String, PendingUsage> it = store.all()) {
            it.forEachRemaining(entry -> index(entry.key.substring(0, entry.key.lastIndexOf('/'))));
        }
    }

    private void index(String coupon) {
        if (waitingCoupons.add(coupon)) {
            int slash = coupon.indexOf('/');
            waitingByRestaurant.computeIfAbsent(Long.parseLong(coupon.substring(0, slash)), restaurant -> new TreeSet<>())
                    .add(Long.parseLong(coupon.substring(slash + 1)));
        }
    }

    private void unindex(String coupon) {
        if (waitingCoupons.remove(coupon)) {
            int slash = coupon.indexOf('/');
            long couponId = Long.parseLong(coupon.substring(slash + 1));
            waitingByRestaurant.computeIfPresent(Long.parseLong(coupon.substring(0, slash)), (restaurant, coupons) -> {
                coupons.remove(couponId);
                return coupons.isEmpty() ? null : coupons;
            });
        }
    }

    /** The restaurant's coupons with changes waiting, in id order (a copy: releasing them changes the index). */
    public List<Long> waitingCoupons(long restaurantId) {
        Set<Long> coupons = waitingByRestaurant.get(restaurantId);
        return coupons == null ? List.of() : List.copyOf(coupons);
    }

    /** The waiting changes of one coupon, in arrival order. */
    public record Waiting(long restaurantId, long couponId, List<PendingUsage> usages) {
    }

    public boolean isWaiting(long restaurantId, long couponId) {
        return waitingCoupons.contains(restaurantId + "/" + couponId);
    }

    public void park(long restaurantId, long couponId, PendingUsage usage) {
        store.put(prefix(restaurantId, couponId) + String.format("%019d", usage.sequence()), usage);
        index(restaurantId + "/" + couponId);
    }

    /** Takes out every change waiting for the coupon, in arrival order. */
    public List<PendingUsage> release(long restaurantId, long couponId) {
        List<KeyValue<String, PendingUsage>> entries = new ArrayList<>();
        try (KeyValueIterator<String, PendingUsage> it = store.prefixScan(prefix(restaurantId, couponId),
                new StringSerializer())) {
            it.forEachRemaining(entries::add);
        }
        entries.forEach(entry -> store.delete(entry.key));
        unindex(restaurantId + "/" + couponId);
        return entries.stream().map(entry -> entry.value).toList();
    }

    /**
     * Takes out every coupon's waiting changes whose oldest has waited {@code wait} or longer: the
     * later ones depend on the same missing coupon, so they give up together.
     */
    public List<Waiting> expire(Instant now, Duration wait) {
        if (waitingCoupons.isEmpty()) {
            return List.of();
        }
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
        expired.keySet().forEach(this::unindex);
        return List.copyOf(expired.values());
    }

    private static String prefix(long restaurantId, long couponId) {
        return restaurantId + "/" + couponId + "/";
    }
}
