package com.menuca.promo.processor.topology;

import com.menuca.promo.processor.savings.SavingsDelta;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.DeadLetter;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@link Outputs} forwarding to the downstream router; records carry the timestamp of what caused them: the
 * change record's (its commit time in PostgreSQL) or, for what the clock publishes, the punctuation's.
 */
final class ContextOutputs implements Outputs {
    private final ProcessorContext<String, Emit> context;
    private long timestamp;

    ContextOutputs(ProcessorContext<String, Emit> context) {
        this.context = context;
    }

    /** Sets the timestamp of the records forwarded from now on (the input record's, or the punctuation's). */
    void at(long timestampMs) {
        this.timestamp = timestampMs;
    }

    /**
     * A business event's record time is its {@code occurred_at}: the commit time of the change that caused
     * it (which is that change record's timestamp), also when the event was held back until its coupon
     * arrived; for an event of the clock, its deadline.
     */
    @Override
    public void event(DerivedEvent event) {
        context.forward(new Record<>(null, new Emit.Event(event), event.occurredAt().toEpochMilli()));
    }

    @Override
    public void counts(CountsKey key, RedemptionCounts value) {
        forward(new Emit.Counts(key, value));
    }

    @Override
    public void performance(DealPerformance value) {
        forward(new Emit.Performance(value));
    }

    @Override
    public void savings(SavingsDelta delta) {
        forward(new Emit.Savings(delta));
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        forward(new Emit.Dead(letter));
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void forward(Emit emit) {
        context.forward(new Record<>(null, emit, timestamp));
    }
}
