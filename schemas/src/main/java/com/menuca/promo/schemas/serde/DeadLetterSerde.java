package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.derived.DeadLetter;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code promo.dead-letter}. */
public final class DeadLetterSerde extends JsonSerde<DeadLetter> {
    public DeadLetterSerde() {
        super(DeadLetter.class);
    }
}
