package com.menuca.promo.processor.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Puts every RocksDB state store of the processor under one memory budget: one block cache that also
 * holds the index and filter blocks, and the memtables charged to it.
 *
 * <p>Why: by default Kafka Streams gives each store its own 50 MB block cache and up to three 16 MB
 * memtables, outside the Java heap and outside any limit. The processor has eight stores per
 * restaurant task and three more per partition beside them, so what it may take grows with the
 * partitions it owns (more than 3 GB for 33 stores) and, in a long run, it creeps up as the caches
 * fill: a container sized for the heap is killed long before. Kafka Streams' memory-management guide
 * recommends this bound.
 *
 * <p>Kafka Streams creates one instance of this class per store and passes it the Streams config; the
 * cache and write-buffer manager are shared by every store that is given the same budget in this JVM,
 * and live as long as the JVM (closing one store must not close what the others use).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The Streams config entry carrying the budget in bytes (from {@code processor.state.memory.mb}). */
    public static final String BUDGET_BYTES_CONFIG = "promo.state.memory.bytes";
    /** Share of the budget the memtables may take before RocksDB flushes the largest. */
    static final double MEMTABLE_SHARE = 0.5;
    /**
     * Each store's memtable size. A memtable reserves memory in arena blocks (an eighth of its size,
     * capped in recent RocksDB) and every store written to holds at least one: with Kafka Streams' 16 MB
     * memtables the floor of the processor's 33 stores (three partitions) came to about the memtable
     * budget of the default 128 MB, and every write flushed a memtable (in a soak one store wrote
     * thousands of tiny files in five minutes while the stream thread waited in RocksDB). With 4 MB
     * memtables the floor is small beside the budget.
     */
    static final long WRITE_BUFFER_BYTES = 4L * 1024 * 1024;
    /** Share of the block cache kept for index and filter blocks, so data blocks cannot push them out. */
    static final double INDEX_AND_FILTER_SHARE = 0.1;

    private static final Map<Long, SharedMemory> BY_BUDGET = new ConcurrentHashMap<>();

    /** The block cache and memtable accounting every store with one budget uses. */
    record SharedMemory(Cache cache, WriteBufferManager writeBuffers) {
        static SharedMemory of(long budgetBytes) {
            // strictCapacityLimit false: a read that needs a block beyond the budget still succeeds (the block
            // is not cached) instead of failing the task
            LRUCache cache = new LRUCache(budgetBytes, -1, false, INDEX_AND_FILTER_SHARE);
            return new SharedMemory(cache, new WriteBufferManager((long) (budgetBytes * MEMTABLE_SHARE), cache));
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        SharedMemory memory = shared(budget(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by the other stores: nothing of this store's own
    }

    /** The cache and memtable accounting of {@code budgetBytes}, made once per budget. */
    static SharedMemory shared(long budgetBytes) {
        return BY_BUDGET.computeIfAbsent(budgetBytes, SharedMemory::of);
    }

    private static long budget(Map<String, Object> configs) {
        Object value = configs.get(BUDGET_BYTES_CONFIG);
        if (!(value instanceof Number number) || number.longValue() <= 0) {
            throw new ConfigException(BUDGET_BYTES_CONFIG, value, "the state stores' memory budget in bytes, "
                    + "set by the processor from processor.state.memory.mb");
        }
        return number.longValue();
    }
}
