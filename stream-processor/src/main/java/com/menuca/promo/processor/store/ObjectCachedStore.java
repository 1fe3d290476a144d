package com.menuca.promo.processor.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value state store with a bounded, write-through cache of deserialized values in front of it.
 *
 * <p>Why: Kafka Streams' own record cache keeps serialized bytes, so every {@code get} parses JSON
 * again; a usage row reads its coupon, deal and tallies several times. Profiling the restaurant step
 * showed a quarter of its time in that parsing. Values must be immutable (records). The cache lives
 * as long as the processor instance: a task re-initialized after an aborted transaction builds a new
 * one, so it never outlives the state it mirrors. Scans are served by the store itself, which every
 * write reaches at once.
 *
 * @param <K> key type
 * @param <V> value type, immutable
 */
public final class ObjectCachedStore<K, V> {
    /** Values kept per store and task; the least recently used leave first. */
    public static final int DEFAULT_CAPACITY = 20_000;

    private final KeyValueStore<K, V> store;
    private final Map<K, V> cache;

    public ObjectCachedStore(KeyValueStore<K, V> store, int capacity) {
        this.store = Objects.requireNonNull(store, "store");
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public static <K, V> ObjectCachedStore<K, V> of(KeyValueStore<K, V> store) {
        return new ObjectCachedStore<>(store, DEFAULT_CAPACITY);
    }

    /** The value, or null when absent. */
    public V get(K key) {
        V value = cache.get(key);
        if (value == null && !cache.containsKey(key)) {
            value = store.get(key);
            cache.put(key, value);
        }
        return value;
    }

    public void put(K key, V value) {
        store.put(key, value);
        cache.put(key, value);
    }

    public void delete(K key) {
        store.delete(key);
        cache.put(key, null);
    }

    /** The store underneath, for scans. */
    public KeyValueStore<K, V> store() {
        return store;
    }
}
