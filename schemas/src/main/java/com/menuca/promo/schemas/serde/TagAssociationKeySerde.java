package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.cdc.TagAssociationKey;
import com.menuca.promo.schemas.json.JsonSerde;

/** Keys of {@code menuca.menuca_v3.restaurant_tag_associations}. */
public final class TagAssociationKeySerde extends JsonSerde<TagAssociationKey> {
    public TagAssociationKeySerde() {
        super(TagAssociationKey.class);
    }
}
