package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.derived.DeadLetterKey;
import com.menuca.promo.schemas.json.JsonSerde;

/** Keys of {@code promo.dead-letter}. */
public final class DeadLetterKeySerde extends JsonSerde<DeadLetterKey> {
    public DeadLetterKeySerde() {
        super(DeadLetterKey.class);
    }
}
