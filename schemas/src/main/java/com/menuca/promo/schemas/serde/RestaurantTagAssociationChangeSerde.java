package com.menuca.promo.schemas.serde;

import com.fasterxml.jackson.core.type.TypeReference;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.RestaurantTagAssociation;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code menuca.menuca_v3.restaurant_tag_associations}: changes with {@link RestaurantTagAssociation} rows. */
public final class RestaurantTagAssociationChangeSerde extends JsonSerde<ChangeEvent<RestaurantTagAssociation>> {
    public RestaurantTagAssociationChangeSerde() {
        super(new TypeReference<ChangeEvent<RestaurantTagAssociation>>() {
        });
    }
}
