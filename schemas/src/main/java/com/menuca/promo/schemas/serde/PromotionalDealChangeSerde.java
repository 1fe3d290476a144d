package com.menuca.promo.schemas.serde;

import com.fasterxml.jackson.core.type.TypeReference;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.PromotionalDeal;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code menuca.menuca_v3.promotional_deals}: changes with {@link PromotionalDeal} rows. */
public final class PromotionalDealChangeSerde extends JsonSerde<ChangeEvent<PromotionalDeal>> {
    public PromotionalDealChangeSerde() {
        super(new TypeReference<ChangeEvent<PromotionalDeal>>() {
        });
    }
}
