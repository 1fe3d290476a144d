package com.menuca.promo.schemas.serde;

import com.fasterxml.jackson.core.type.TypeReference;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.MarketingTag;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code menuca.menuca_v3.marketing_tags}: changes with {@link MarketingTag} rows. */
public final class MarketingTagChangeSerde extends JsonSerde<ChangeEvent<MarketingTag>> {
    public MarketingTagChangeSerde() {
        super(new TypeReference<ChangeEvent<MarketingTag>>() {
        });
    }
}
