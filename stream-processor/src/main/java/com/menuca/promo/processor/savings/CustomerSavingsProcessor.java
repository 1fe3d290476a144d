package com.menuca.promo.processor.savings;

import com.menuca.promo.processor.store.ObjectCachedStore;
import com.menuca.promo.processor.topology.StoreNames;
import com.menuca.promo.schemas.derived.CustomerKey;
import com.menuca.promo.schemas.derived.CustomerSavings;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Per customer (the savings deltas are re-keyed by customer): the running savings, published on every change. */
public final class CustomerSavingsProcessor implements Processor<Long, SavingsDelta, CustomerKey, CustomerSavings> {
    /**
     * Accounts kept parsed per task. Fewer than the other caches hold: an account with a full statement
     * is a few kilobytes, so this bounds the cache to some tens of megabytes per task.
     */
    static final int CACHED_ACCOUNTS = 4_096;

    private ProcessorContext<CustomerKey, CustomerSavings> context;
    /**
     * The accounts of the customers seen last, parsed, in front of the store: every redemption reads its
     * customer's account, and parsing it (with the latest redemptions it keeps) was about a tenth of the
     * processor's time in the gateway benchmark's profile.
     */
    private ObjectCachedStore<Long, SavingsAccount> accounts;

    @Override
    public void init(ProcessorContext<CustomerKey, CustomerSavings> context) {
        this.context = context;
        KeyValueStore<Long, SavingsAccount> store = context.getStateStore(StoreNames.SAVINGS);
        this.accounts = new ObjectCachedStore<>(store, CACHED_ACCOUNTS);
    }

    @Override
    public void process(Record<Long, SavingsDelta> record) {
        long customerId = record.key();
        SavingsAccount account = accounts.get(customerId);
        SavingsAccount updated = (account == null ? SavingsAccount.EMPTY : account).plus(record.value());
        accounts.put(customerId, updated);
        context.forward(record.withKey(new CustomerKey(customerId))
                .withValue(updated.published(customerId, Instant.ofEpochMilli(context.currentSystemTimeMs()))));
    }
}
