package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.gateway.PresenceRecord;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code promo.gateway.presence}. */
public final class PresenceRecordSerde extends JsonSerde<PresenceRecord> {
    public PresenceRecordSerde() {
        super(PresenceRecord.class);
    }
}
