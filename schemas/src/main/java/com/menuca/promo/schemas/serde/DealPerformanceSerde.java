package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.derived.DealPerformance;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code promo.deal-performance}. */
public final class DealPerformanceSerde extends JsonSerde<DealPerformance> {
    public DealPerformanceSerde() {
        super(DealPerformance.class);
    }
}
