package com.menuca.promo.processor.savings;

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
    private ProcessorContext<CustomerKey, CustomerSavings> context;
    private KeyValueStore<Long, SavingsAccount> accounts;

    @Override
    public void init(ProcessorContext<CustomerKey, CustomerSavings> context) {
        this.context = context;
        this.accounts = context.getStateStore(StoreNames.SAVINGS);
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
