package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.derived.RedemptionCounts;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code promo.redemption-counts} (null for a tombstone). */
public final class RedemptionCountsSerde extends JsonSerde<RedemptionCounts> {
    public RedemptionCountsSerde() {
        super(RedemptionCounts.class);
    }
}
