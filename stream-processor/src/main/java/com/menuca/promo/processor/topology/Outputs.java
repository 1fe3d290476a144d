package com.menuca.promo.processor.topology;

import com.menuca.promo.processor.savings.SavingsDelta;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.DeadLetter;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.RedemptionCounts;
import java.time.Instant;

/** Where the derivations send what they derive, and the wall clock they run on. */
public interface Outputs {
    void event(DerivedEvent event);

    /** @param value null deletes the entry (tombstone) */
    void counts(CountsKey key, RedemptionCounts value);

    void performance(DealPerformance value);

    void savings(SavingsDelta delta);

    void deadLetter(DeadLetter letter);

    /** The wall clock of the stream thread (mocked in TopologyTestDriver tests). */
    Instant now();
}
