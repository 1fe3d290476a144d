package com.menuca.promo.processor.serving;

import com.menuca.promo.processor.counts.Tally;
import com.menuca.promo.processor.counts.TallyBook;
import com.menuca.promo.processor.coupon.StoredCoupon;
import com.menuca.promo.processor.deal.DealBook;
import com.menuca.promo.processor.deal.StoredDeal;
import com.menuca.promo.processor.performance.PerformanceCalculator;
import com.menuca.promo.processor.savings.SavingsAccount;
import com.menuca.promo.processor.savings.SavingsStatement;
import com.menuca.promo.processor.topology.DerivationSettings;
import com.menuca.promo.processor.topology.StoreNames;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.CountsScope;
import com.menuca.promo.schemas.derived.CustomerSavings;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the live aggregates from this instance's state stores, computed as of now (so the last-hour
 * window is current even when nothing was published for a while). Throws Kafka Streams'
 * {@code InvalidStateStoreException} while stores are migrating; the HTTP layer answers 503.
 */
final class LiveQueries {
    private final KafkaStreams streams;
    private final DerivationSettings settings;
    private final Clock clock;

    LiveQueries(KafkaStreams streams, DerivationSettings settings, Clock clock) {
        this.streams = streams;
        this.settings = settings;
        this.clock = clock;
    }

    /** A restaurant's performance, from the partition that holds it. */
    DealPerformance performance(long restaurantId, int partition) {
        DealBook deals = DealBook.readOnly(store(StoreNames.DEALS, partition));
        TallyBook tallies = TallyBook.readOnly(store(StoreNames.TALLIES, partition), settings.zones());
        return new PerformanceCalculator(deals, tallies, settings.topDeals()).compute(restaurantId, clock.instant());
    }

    /** A restaurant's counts, from the partition that holds it. */
    RedemptionCounts restaurantCounts(long restaurantId, int partition) {
        TallyBook tallies = TallyBook.readOnly(store(StoreNames.TALLIES, partition), settings.zones());
        return tallies.counts(new CountsKey(CountsScope.RESTAURANT, restaurantId), restaurantId, null, null,
                clock.instant());
    }

    /** A coupon's counts if this instance holds the coupon (any of its partitions). */
    Optional<RedemptionCounts> couponCounts(long couponId) {
        ReadOnlyKeyValueStore<String, StoredCoupon> coupons = store(StoreNames.COUPONS, null);
        Optional<StoredCoupon> coupon = find(CountsScope.COUPON, couponId, coupons);
        return coupon.map(c -> counts(CountsScope.COUPON, couponId, c.row().restaurantId(), c.row().usageLimit(),
                c.limitReached()));
    }

    /** A deal's counts if this instance holds the deal. */
    Optional<RedemptionCounts> dealCounts(long dealId) {
        ReadOnlyKeyValueStore<String, StoredDeal> deals = store(StoreNames.DEALS, null);
        Optional<StoredDeal> deal = find(CountsScope.DEAL, dealId, deals);
        return deal.map(d -> counts(CountsScope.DEAL, dealId, d.row().restaurantId(), null, null));
    }

    /** A customer's savings, from the partition that holds them (zeros for a customer never seen). */
    CustomerSavings savings(long customerId, int partition) {
        ReadOnlyKeyValueStore<Long, SavingsAccount> accounts = store(StoreNames.SAVINGS, partition);
        SavingsAccount account = accounts.get(customerId);
        return (account == null ? SavingsAccount.EMPTY : account).published(customerId, clock.instant());
    }

    /** A customer's savings and latest redemptions, from the partition that holds them (empty for one never seen). */
    SavingsStatement statement(long customerId, int partition) {
        ReadOnlyKeyValueStore<Long, SavingsAccount> accounts = store(StoreNames.SAVINGS, partition);
        SavingsAccount account = accounts.get(customerId);
        return (account == null ? SavingsAccount.EMPTY : account).statement(customerId, clock.instant());
    }

    private RedemptionCounts counts(CountsScope scope, long id, long restaurantId, Integer limit, Boolean reached) {
        TallyBook tallies = TallyBook.readOnly(store(StoreNames.TALLIES, null), settings.zones());
        Instant now = clock.instant();
        return tallies.counts(new CountsKey(scope, id), restaurantId, limit, reached, now);
    }

    /**
     * A coupon or deal of this instance: its tally names its restaurant (one lookup); one never
     * redeemed has no tally, and is looked for among the entities (keyed {@code restaurant/id}).
     */
    private <V> Optional<V> find(CountsScope scope, long id, ReadOnlyKeyValueStore<String, V> entities) {
        ReadOnlyKeyValueStore<String, Tally> tallies = store(StoreNames.TALLIES, null);
        Tally tally = tallies.get(TallyBook.key(scope, id));
        if (tally != null && tally.restaurantId() != 0) {
            V entity = entities.get(tally.restaurantId() + "/" + id);
            if (entity != null) {
                return Optional.of(entity);
            }
        }
        String suffix = "/" + id;
        try (KeyValueIterator<String, V> it = entities.all()) {
            while (it.hasNext()) {
                var entry = it.next();
                if (entry.key.endsWith(suffix)) {
                    return Optional.of(entry.value);
                }
            }
        }
        return Optional.empty();
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> query = StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.keyValueStore());
        return streams.store(partition == null ? query : query.withPartition(partition));
    }
}
