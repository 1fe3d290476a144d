package com.menuca.promo.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Over a real (in-memory) Kafka Streams store: what a task restored is read back, and every write reaches the store. */
class MirroredStoreTest {
    private KeyValueStore<Long, String> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("marks"), Serdes.Long(), Serdes.String())
                .withLoggingDisabled().withCachingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void shouldStartWithWhatTheStoreHeldInTheOrderAsked() {
        store.put(30L, "c");
        store.put(10L, "a");
        store.put(20L, "b");

        MirroredStore<Long, String> marks = new MirroredStore<>(store, TreeMap::new);

        assertThat(marks.entries()).extracting(Map.Entry::getKey).containsExactly(10L, 20L, 30L);
        assertThat(marks.get(20L)).isEqualTo("b");
        assertThat(marks.get(40L)).isNull();
    }

    @Test
    void shouldWriteEveryChangeThroughToTheStore() {
        MirroredStore<Long, String> marks = new MirroredStore<>(store, LinkedHashMap::new);

        marks.put(2L, "two");
        assertThat(marks.putIfAbsent(1L, "one")).isTrue();
        assertThat(marks.putIfAbsent(1L, "uno")).as("already there").isFalse();
        assertThat(marks.delete(2L)).isTrue();
        assertThat(marks.delete(2L)).as("already gone").isFalse();
        marks.put(3L, "three");

        assertThat(store.get(1L)).isEqualTo("one");
        assertThat(store.get(2L)).isNull();
        assertThat(store.get(3L)).isEqualTo("three");
        assertThat(marks.entries()).extracting(Map.Entry::getKey).as("in the order they were put").containsExactly(1L, 3L);
        assertThat(new MirroredStore<>(store, TreeMap::new).entries()).as("what a restarted task reads back")
                .containsExactlyElementsOf(marks.entries());
    }

    @Test
    void shouldLetTheCallerWriteWhileGoingThroughTheEntries() {
        MirroredStore<Long, String> marks = new MirroredStore<>(store, LinkedHashMap::new);
        marks.put(1L, "one");
        marks.put(2L, "two");

        for (Map.Entry<Long, String> entry : marks.entries()) {
            marks.delete(entry.getKey());
            marks.put(entry.getKey() + 10, entry.getValue());
        }

        assertThat(marks.entries()).extracting(Map.Entry::getKey).containsExactly(11L, 12L);
    }
}
