package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.gateway.PresenceKey;
import com.menuca.promo.schemas.json.JsonSerde;

/** Keys of {@code promo.gateway.presence}. */
public final class PresenceKeySerde extends JsonSerde<PresenceKey> {
    public PresenceKeySerde() {
        super(PresenceKey.class);
    }
}
