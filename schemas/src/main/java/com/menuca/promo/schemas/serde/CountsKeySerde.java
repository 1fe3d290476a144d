package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.derived.CountsKey;
import com.menuca.promo.schemas.json.JsonSerde;

/** Keys of {@code promo.redemption-counts}. */
public final class CountsKeySerde extends JsonSerde<CountsKey> {
    public CountsKeySerde() {
        super(CountsKey.class);
    }
}
