package com.menuca.promo.processor.counts;

import com.menuca.promo.processor.RestaurantZones;
import com.menuca.promo.processor.cdc.UsageRow;
import com.menuca.promo.processor.store.ObjectCachedStore;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The tallies of every coupon, deal and restaurant of a task, in one store keyed {@code coupon/17},
 * {@code deal/5}, {@code restaurant/42}.
 */
public final class TallyBook {
    private final ReadOnlyKeyValueStore<String, Tally> reader;
    private final ObjectCachedStore<String, Tally> writer;
    private final RestaurantZones zones;

    private TallyBook(ReadOnlyKeyValueStore<String, Tally> reader, ObjectCachedStore<String, Tally> writer,
                      RestaurantZones zones) {
        this.reader = reader;
        this.writer = writer;
        this.zones = zones;
    }

    /** Read-write, inside the topology. */
    public static TallyBook writable(KeyValueStore<String, Tally> store, RestaurantZones zones) {
        return new TallyBook(store, ObjectCachedStore.of(store), zones);
    }

    /** Read-only, for interactive queries. */
    public static TallyBook readOnly(ReadOnlyKeyValueStore<String, Tally> store, RestaurantZones zones) {
        return new TallyBook(store, null, zones);
    }

    public static String key(CountsScope scope, long id) {
        return scope.wireName() + "/" + id;
    }

    public Tally get(CountsScope scope, long id) {
        Tally tally = writer != null ? writer.get(key(scope, id)) : reader.get(key(scope, id));
        return tally == null ? Tally.EMPTY : tally;
    }

    /** Adds ({@code sign} 1) or takes out ({@code sign} -1) a usage row; returns the updated tally. */
    public Tally apply(CountsScope scope, long id, UsageRow row, int sign, Instant now) {
        Tally updated = get(scope, id).apply(row, sign, zones.zoneOf(row.restaurantId()), now);
        writer.put(key(scope, id), updated);
        return updated;
    }

    public void delete(CountsScope scope, long id) {
        writer.delete(key(scope, id));
    }

    /**
     * The published value of one tally.
     *
     * @param usageLimit   the coupon's limit (coupon scope), else null
     * @param limitReached whether the coupon is at its limit (coupon scope), else null
     */
    public RedemptionCounts counts(CountsKey key, long restaurantId, Integer usageLimit, Boolean limitReached,
                                   Instant now) {
        ZoneId zone = zones.zoneOf(restaurantId);
        Figures f = get(key.scope(), key.id()).figures(zone, now);
        return new RedemptionCounts(key.scope(), key.id(), restaurantId, f.redemptions(), f.discount(), f.revenue(),
                f.date(), zone.getId(), usageLimit, limitReached, now);
    }

    public RestaurantZones zones() {
        return zones;
    }
}
