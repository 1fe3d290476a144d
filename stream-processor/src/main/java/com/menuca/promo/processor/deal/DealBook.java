package com.menuca.promo.processor.deal;

import com.menuca.promo.processor.store.ObjectCachedStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The deals of a task's restaurants, keyed {@code restaurant/deal} so one restaurant's deals are one prefix scan.
 *
 * <p>The writable book (the restaurant step's) also keeps each restaurant's deal ids in memory once it
 * has scanned them, and serves {@link #ofRestaurant} from those ids and its object cache: a restaurant's
 * performance is recomputed up to once a second, and the scan parsed every deal of the restaurant each
 * time (the largest share of the performance work in the gateway benchmark's profile). The ids are
 * loaded from the store on first use, so a task that restored its state from the changelog starts right.
 */
public final class DealBook {
    private final ReadOnlyKeyValueStore<String, StoredDeal> reader;
    private final ObjectCachedStore<String, StoredDeal> writer;
    /** Deal ids by restaurant, for the restaurants scanned so far (writable book only). */
    private final Map<Long, NavigableSet<Long>> idsByRestaurant = new HashMap<>();

    private DealBook(ReadOnlyKeyValueStore<String, StoredDeal> reader, ObjectCachedStore<String, StoredDeal> writer) {
        this.reader = reader;
        this.writer = writer;
    }

    public static DealBook writable(KeyValueStore<String, StoredDeal> store) {
        return new DealBook(store, ObjectCachedStore.of(store));
    }

    public static DealBook readOnly(ReadOnlyKeyValueStore<String, StoredDeal> store) {
        return new DealBook(store, null);
    }

    public StoredDeal get(long restaurantId, long dealId) {
        String key = key(restaurantId, dealId);
        return writer != null ? writer.get(key) : reader.get(key);
    }

    public void put(StoredDeal state) {
        long restaurantId = state.row().restaurantId();
        writer.put(key(restaurantId, state.row().id()), state);
        NavigableSet<Long> ids = idsByRestaurant.get(restaurantId);
        if (ids != null) {
            ids.add(state.row().id());
        }
    }

    public void delete(long restaurantId, long dealId) {
        writer.delete(key(restaurantId, dealId));
        NavigableSet<Long> ids = idsByRestaurant.get(restaurantId);
        if (ids != null) {
            ids.remove(dealId);
        }
    }

    /** Every deal of the restaurant, in deal id order. */
    public List<StoredDeal> ofRestaurant(long restaurantId) {
        if (writer == null) {
            return scan(restaurantId);
        }
        NavigableSet<Long> ids = idsByRestaurant.get(restaurantId);
        if (ids == null) {
            // the scan has just read every deal: return those rather than reading each again
            List<StoredDeal> deals = scan(restaurantId);
            ids = new TreeSet<>();
            for (StoredDeal deal : deals) {
                ids.add(deal.row().id());
            }
            idsByRestaurant.put(restaurantId, ids);
            return deals;
        }
        List<StoredDeal> deals = new ArrayList<>(ids.size());
        for (long dealId : ids) {
            deals.add(writer.get(key(restaurantId, dealId)));
        }
        return deals;
    }

    private List<StoredDeal> scan(long restaurantId) {
        List<StoredDeal> deals = new ArrayList<>();
        try (KeyValueIterator<String, StoredDeal> it = reader.prefixScan(restaurantId + "/", new StringSerializer())) {
            it.forEachRemaining(entry -> deals.add(entry.value));
        }
        deals.sort((a, b) -> Long.compare(a.row().id(), b.row().id()));
        return deals;
    }

    private static String key(long restaurantId, long dealId) {
        return restaurantId + "/" + dealId;
    }
}
