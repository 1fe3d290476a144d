package com.menuca.promo.processor.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A state store whose every entry is also held in memory, read once when the task starts: for the
 * small stores a punctuation reads whole every second. The store makes the entries survive a restart;
 * the memory spares the scan, which in RocksDB steps over every overwritten or deleted version not yet
 * compacted (a mark written twice a second leaves thousands between compactions). Every write goes to
 * both; reads come from memory.
 *
 * @param <K> key type
 * @param <V> value type, immutable, never null
 */
public final class MirroredStore<K, V> {
    private final KeyValueStore<K, V> store;
    private final Map<K, V> entries;

    /** @param order the in-memory map, empty, in the order {@link #entries()} should list them */
    public MirroredStore(KeyValueStore<K, V> store, Supplier<Map<K, V>> order) {
        this.store = Objects.requireNonNull(store, "store");
        this.entries = order.get();
        try (KeyValueIterator<K, V> it = store.all()) {
            it.forEachRemaining(entry -> entries.put(entry.key, entry.value));
        }
    }

    /** The value, or null when absent. */
    public V get(K key) {
        return entries.get(key);
    }

    public void put(K key, V value) {
        Objects.requireNonNull(value, "value (delete a key instead)");
        store.put(key, value);
        entries.put(key, value);
    }

    /** Puts the value only where the key is absent; whether it did. */
    public boolean putIfAbsent(K key, V value) {
        if (entries.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    /** Deletes the key; whether it was there. */
    public boolean delete(K key) {
        if (!entries.containsKey(key)) {
            return false;
        }
        entries.remove(key);
        store.delete(key);
        return true;
    }

    /** A copy of the entries, in the map's order: the caller may write while it goes through them. */
    public List<Map.Entry<K, V>> entries() {
        return entries.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}
