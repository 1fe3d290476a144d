package com.menuca.promo.processor.counts;

import com.menuca.promo.processor.store.MirroredStore;
import com.menuca.promo.processor.topology.Outputs;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.CountsScope;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Publishes the counts of every coupon, deal and restaurant whose tally changed, once per
 * punctuation: a hot restaurant's thousand redemptions a second become one value per key per
 * interval on the compacted topic (latest wins), not three thousand records. The keys to publish are
 * kept in a store ({@code scope/id} to restaurant), so a crash between a change and its publication
 * loses nothing; the store's copy in memory spares a store write for a key already marked.
 */
public final class CountsBoard {
    /** A coupon's limit as its counts show it: {@code usageLimit} null when unlimited. */
    public record CouponLimit(Integer usageLimit, boolean reached) {
    }

    /** Where a coupon's limit is looked up. */
    public interface CouponLimits {
        /** The coupon's limit, or empty when the coupon is unknown (deleted meanwhile). */
        Optional<CouponLimit> limitOf(long restaurantId, long couponId);
    }

    /** {@code scope/id} to restaurant, in the order they were marked. */
    private final MirroredStore<String, Long> marked;
    private final TallyBook tallies;
    private final CouponLimits coupons;
    private final Outputs outputs;

    public CountsBoard(KeyValueStore<String, Long> dirty, TallyBook tallies, CouponLimits coupons, Outputs outputs) {
        this.marked = new MirroredStore<>(dirty, LinkedHashMap::new);
        this.tallies = tallies;
        this.coupons = coupons;
        this.outputs = outputs;
    }

    /** The counts of {@code scope/id} (of {@code restaurantId}) changed: publish them at the next punctuation. */
    public void touch(CountsScope scope, long id, long restaurantId) {
        String key = TallyBook.key(scope, id);
        marked.putIfAbsent(key, restaurantId);
    }

    /** The coupon or deal is gone: its counts are deleted from the topic (tombstone) now. */
    public void deleted(CountsScope scope, long id) {
        String key = TallyBook.key(scope, id);
        marked.delete(key);
        outputs.counts(new CountsKey(scope, id), null);
    }

    /** Publishes every changed key's counts as of {@code now}. */
    public void publish(Instant now) {
        for (Map.Entry<String, Long> entry : marked.entries()) {
            marked.delete(entry.getKey());
            String[] parts = entry.getKey().split("/");
            CountsKey key = new CountsKey(CountsScope.ofWireName(parts[0]), Long.parseLong(parts[1]));
            long restaurantId = entry.getValue();
            if (key.scope() != CountsScope.COUPON) {
                outputs.counts(key, tallies.counts(key, restaurantId, null, null, now));
                continue;
            }
            coupons.limitOf(restaurantId, key.id()).ifPresent(limit ->
                    outputs.counts(key, tallies.counts(key, restaurantId, limit.usageLimit(), limit.reached(), now)));
        }
    }
}
