package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code promo.deal-lifecycle} and {@code promo.coupon-activity}: business events with typed {@code data}. */
public final class DerivedEventSerde extends JsonSerde<DerivedEvent> {
    public DerivedEventSerde() {
        super(DerivedEvent.class);
    }
}
