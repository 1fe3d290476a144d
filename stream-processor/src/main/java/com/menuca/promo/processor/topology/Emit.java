package com.menuca.promo.processor.topology;

import com.menuca.promo.processor.cdc.CdcChange;
import com.menuca.promo.processor.savings.SavingsDelta;
import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.derived.DeadLetter;
import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.RedemptionCounts;

/**
 * What a processing step hands downstream; {@link PromoTopology} sends each kind to its topic.
 * Steps carry their keys inside, so one stream can fan out to topics with different key types.
 */
public sealed interface Emit {
    /** A checked change for the derivations of its restaurant (intake to the repartition topic). */
    record Routed(long restaurantId, CdcChange change) implements Emit {
    }

    /** A business event for {@code promo.deal-lifecycle} or {@code promo.coupon-activity}. */
    record Event(DerivedEvent event) implements Emit {
    }

    /** Latest counts of one coupon, deal or restaurant; a null value deletes them (tombstone). */
    record Counts(CountsKey key, RedemptionCounts value) implements Emit {
    }

    /** Latest deal performance of a restaurant. */
    record Performance(DealPerformance value) implements Emit {
    }

    /** A change to one customer's savings, for the per-customer step. */
    record Savings(SavingsDelta delta) implements Emit {
    }

    /** A change that could not be derived from. */
    record Dead(DeadLetter letter) implements Emit {
    }
}
