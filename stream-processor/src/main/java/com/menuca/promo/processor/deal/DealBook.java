package com.menuca.promo.processor.deal;

import java.util.ArrayList;
import java.util.List;
import com.menuca.promo.processor.store.ObjectCachedStore;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The deals of a task's restaurants, keyed {@code restaurant/deal} so one restaurant's deals are one prefix scan. */
public final class DealBook {
    private final ReadOnlyKeyValueStore<String, StoredDeal> reader;
    private final ObjectCachedStore<String, StoredDeal> writer;

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
        String key = restaurantId + "/" + dealId;
        return writer != null ? writer.get(key) : reader.get(key);
    }

    public void put(StoredDeal state) {
        writer.put(state.row().restaurantId() + "/" + state.row().id(), state);
    }

    public void delete(long restaurantId, long dealId) {
        writer.delete(restaurantId + "/" + dealId);
    }

    public List<StoredDeal> ofRestaurant(long restaurantId) {
        List<StoredDeal> deals = new ArrayList<>();
        try (KeyValueIterator<String, StoredDeal> it = reader.prefixScan(restaurantId + "/", new StringSerializer())) {
            it.forEachRemaining(entry -> deals.add(entry.value));
        }
        return deals;
    }
}
