package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.gateway.BroadcastKey;
import com.menuca.promo.schemas.json.JsonSerde;

/** Keys of {@code promo.gateway.broadcasts}. */
public final class BroadcastKeySerde extends JsonSerde<BroadcastKey> {
    public BroadcastKeySerde() {
        super(BroadcastKey.class);
    }
}
