package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Key of {@code menuca.menuca_v3.restaurant_tag_associations}: the composite primary key, in key order. */
public record TagAssociationKey(
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("tag_id") long tagId) {
}
