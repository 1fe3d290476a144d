package com.menuca.promo.processor.topology;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.cdc.WalSequence;
import com.menuca.promo.processor.counts.Tally;
import com.menuca.promo.processor.coupon.CustomerUsage;
import com.menuca.promo.processor.coupon.PendingUsage;
import com.menuca.promo.processor.coupon.StoredCoupon;
import com.menuca.promo.processor.deal.StoredDeal;
import com.menuca.promo.processor.expiry.ScheduledTimer;
import com.menuca.promo.processor.performance.PerformanceMark;
import com.menuca.promo.processor.savings.CustomerSavingsProcessor;
import com.menuca.promo.processor.savings.SavingsAccount;
import com.menuca.promo.processor.savings.SavingsDelta;
import com.menuca.promo.processor.store.InternalJson;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.derived.CustomerKey;
import com.menuca.promo.schemas.derived.CustomerSavings;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedEventType;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.RestaurantKey;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The stream processor's topology, in three steps:
 * <ol>
 *   <li><b>intake</b>, per change topic partition: parse and check each change of deals, coupons and
 *       usage (dead letter if unreadable), drop redeliveries by WAL position, re-key by restaurant;</li>
 *   <li><b>restaurant</b>, per restaurant partition: every event, count and performance of the
 *       restaurant, and the wall-clock timers, in one task so a usage row meets its coupon and deal
 *       locally;</li>
 *   <li><b>customer</b>, per customer partition: savings, from deltas re-keyed by customer.</li>
 * </ol>
 * Exactly-once: each step's state, its output and its input offsets commit in one transaction.
 */
public final class PromoTopology {
    /** The change topics the derivations read (tags and tag associations derive nothing). */
    public static final List<CdcTable> INPUT_TABLES = List.of(CdcTable.PROMOTIONAL_DEALS,
            CdcTable.PROMOTIONAL_COUPONS, CdcTable.COUPON_USAGE_LOG);

    /** The intake step's processor node. */
    static final String INTAKE = "intake";

    private PromoTopology() {
    }

    public static Topology build(DerivationSettings settings, DerivationMetrics metrics) {
        return build(settings, metrics, Stores::persistentKeyValueStore);
    }

    /**
     * The topology with other stores than the persistent (RocksDB) ones it runs on: the warm-up's are in
     * memory, because its driver commits every store after every record, and a RocksDB store writes its
     * memtable to a file at each commit.
     *
     * @param stores the store of each name
     */
    public static Topology build(DerivationSettings settings, DerivationMetrics metrics,
                                 Function<String, KeyValueBytesStoreSupplier> stores) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> changes = builder.stream(INPUT_TABLES.stream().map(t -> t.topic().name()).toList(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("change-topics"));

        KStream<String, Emit> intake = changes.process(intakeSupplier(settings, metrics, stores), Named.as(INTAKE));
        sendDeadLetters(intake, INTAKE);
        KStream<Long, CdcChange> byRestaurant = intake
                .filter((k, v) -> v instanceof Emit.Routed, Named.as("intake-routed"))
                .map((k, v) -> KeyValue.pair(((Emit.Routed) v).restaurantId(), ((Emit.Routed) v).change()),
                        Named.as("key-by-restaurant"))
                .repartition(Repartitioned.with(Serdes.Long(), InternalJson.serde(CdcChange.class))
                        .withName(StoreNames.BY_RESTAURANT));

        KStream<String, Emit> derived = byRestaurant.process(restaurantSupplier(settings, metrics, stores), Named.as("restaurant"));
        sendDeadLetters(derived, "restaurant");
        KStream<RestaurantKey, DerivedEvent> events = derived
                .filter((k, v) -> v instanceof Emit.Event, Named.as("events"))
                .map((k, v) -> KeyValue.pair(((Emit.Event) v).event().key(), ((Emit.Event) v).event()),
                        Named.as("key-events"))
                .peek((key, event) -> metrics.event(event.type()), Named.as("count-events"));
        for (Topic<RestaurantKey, DerivedEvent> topic : List.of(DerivedTopics.DEAL_LIFECYCLE, DerivedTopics.COUPON_ACTIVITY)) {
            events.filter((key, event) -> DerivedEventType.ofWireName(event.type()).orElseThrow().topic() == topic,
                            Named.as("events-for-" + topic.name()))
                    .to(topic.name(), produced(topic, "sink-" + topic.name()));
        }
        derived.filter((k, v) -> v instanceof Emit.Counts, Named.as("counts"))
                .map((k, v) -> KeyValue.pair(((Emit.Counts) v).key(), ((Emit.Counts) v).value()), Named.as("key-counts"))
                .to(DerivedTopics.REDEMPTION_COUNTS.name(), produced(DerivedTopics.REDEMPTION_COUNTS, "counts-topic"));
        derived.filter((k, v) -> v instanceof Emit.Performance, Named.as("performance"))
                .map((k, v) -> KeyValue.pair(((Emit.Performance) v).value().key(), ((Emit.Performance) v).value()),
                        Named.as("key-performance"))
                .to(DerivedTopics.DEAL_PERFORMANCE.name(), produced(DerivedTopics.DEAL_PERFORMANCE, "performance-topic"));

        derived.filter((k, v) -> v instanceof Emit.Savings, Named.as("savings"))
                .map((k, v) -> KeyValue.pair(((Emit.Savings) v).delta().customerId(), ((Emit.Savings) v).delta()),
                        Named.as("key-by-customer"))
                .repartition(Repartitioned.with(Serdes.Long(), InternalJson.serde(SavingsDelta.class))
                        .withName(StoreNames.BY_CUSTOMER))
                .process(customerSupplier(stores), Named.as("customer"))
                .to(DerivedTopics.CUSTOMER_SAVINGS.name(), produced(DerivedTopics.CUSTOMER_SAVINGS, "savings-topic"));
        return builder.build();
    }

    private static void sendDeadLetters(KStream<String, Emit> stream, String step) {
        stream.filter((k, v) -> v instanceof Emit.Dead, Named.as(step + "-dead-letters"))
                .map((k, v) -> KeyValue.pair(((Emit.Dead) v).letter().deadLetterKey(), ((Emit.Dead) v).letter()),
                        Named.as(step + "-key-dead-letters"))
                .to(DerivedTopics.DEAD_LETTER.name(), produced(DerivedTopics.DEAD_LETTER, step + "-dead-letter-topic"));
    }

    private static <K, V> Produced<K, V> produced(Topic<K, V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    private static ProcessorSupplier<byte[], byte[], String, Emit> intakeSupplier(DerivationSettings settings,
            DerivationMetrics metrics, Function<String, KeyValueBytesStoreSupplier> stores) {
        // one count of failed attempts for every intake task of this topology: a replaced thread's task sees it
        IntakeAttempts attempts = new IntakeAttempts();
        return new ProcessorSupplier<>() {
            @Override
            public IntakeProcessor get() {
                return new IntakeProcessor(metrics, settings.dedupRetention(), attempts);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                // One entry per change-topic partition, rewritten by every change: Kafka Streams' record cache keeps the
                // latest in memory and hands it to RocksDB and the changelog once per commit (before the transaction
                // commits, so a restart restores what the committed offsets need), not once per change.
                return Set.of(keyValue(stores, StoreNames.WAL_HIGHEST, Serdes.String(), InternalJson.serde(WalSequence.class))
                                .withCachingEnabled(),
                        keyValue(stores, StoreNames.SEEN_SNAPSHOT_READS, Serdes.String(), Serdes.Long()));
            }
        };
    }

    private static ProcessorSupplier<Long, CdcChange, String, Emit> restaurantSupplier(DerivationSettings settings,
            DerivationMetrics metrics, Function<String, KeyValueBytesStoreSupplier> stores) {
        return new ProcessorSupplier<>() {
            @Override
            public RestaurantProcessor get() {
                return new RestaurantProcessor(settings, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        keyValue(stores, StoreNames.DEALS, Serdes.String(), InternalJson.serde(StoredDeal.class)),
                        keyValue(stores, StoreNames.COUPONS, Serdes.String(), InternalJson.serde(StoredCoupon.class)),
                        keyValue(stores, StoreNames.TALLIES, Serdes.String(), InternalJson.serde(Tally.class)),
                        keyValue(stores, StoreNames.CUSTOMER_USAGE, Serdes.String(), InternalJson.serde(CustomerUsage.class)),
                        keyValue(stores, StoreNames.TIMERS, Serdes.String(), InternalJson.serde(ScheduledTimer.class)),
                        keyValue(stores, StoreNames.PENDING_USAGE, Serdes.String(), InternalJson.serde(PendingUsage.class)),
                        keyValue(stores, StoreNames.COUNTS_DUE, Serdes.String(), Serdes.Long()),
                        keyValue(stores, StoreNames.PERFORMANCE_MARKS, Serdes.Long(), InternalJson.serde(PerformanceMark.class)));
            }
        };
    }

    private static ProcessorSupplier<Long, SavingsDelta, CustomerKey, CustomerSavings> customerSupplier(
            Function<String, KeyValueBytesStoreSupplier> stores) {
        return new ProcessorSupplier<>() {
            @Override
            public CustomerSavingsProcessor get() {
                return new CustomerSavingsProcessor();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(keyValue(stores, StoreNames.SAVINGS, Serdes.Long(), InternalJson.serde(SavingsAccount.class)));
            }
        };
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> keyValue(Function<String, KeyValueBytesStoreSupplier> stores,
                                                                     String name, Serde<K> keySerde, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(stores.apply(name), keySerde, valueSerde);
    }
}
