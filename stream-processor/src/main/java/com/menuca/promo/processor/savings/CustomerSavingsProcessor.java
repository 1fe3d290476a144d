package com.menuca.promo.processor.savings;

import com.menuca.promo.processor.store.ObjectCachedStore;
import com.menuca.promo.processor.topology.StoreNames;
import com.menuca.promo.schemas.derived.CustomerKey;
import com.menuca.promo.schemas.derived.CustomerSavings;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Per customer (the savings deltas are re-keyed by customer): the running savings, published on every change. */
public final class CustomerSavingsProcessor implements Processor<Long, SavingsDelta, CustomerKey, CustomerSavings> {
    /**
     * Accounts kept deserialized per task: a customer's account, with up to {@link SavingsAccount#LATEST}
     * lines, is read and written again on each of their redemptions, and the store's own cache keeps bytes
     * (each read would parse it again). Fewer than the other stores keep: an account is a few kilobytes.
     */
    static final int CACHED_ACCOUNTS = 5_000;

    private ProcessorContext<CustomerKey, CustomerSavings> context;
    private ObjectCachedStore<Long, SavingsAccount> accounts;

    @Override
    public void init(ProcessorContext<CustomerKey, CustomerSavings> context) {
        this.context = context;
        this.accounts = new ObjectCachedStore<>(context.getStateStore(StoreNames.SAVINGS), CACHED_ACCOUNTS);
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
