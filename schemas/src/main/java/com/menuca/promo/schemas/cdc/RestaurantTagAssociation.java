package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A whole {@code menuca_v3.restaurant_tag_associations} row: a tag attached to a restaurant.
 *
 * @param restaurantId the restaurant
 * @param tagId        the tag ({@code marketing_tags.id})
 * @param createdAt    when the tag was attached
 */
public record RestaurantTagAssociation(
        @JsonProperty("restaurant_id") long restaurantId,
        @JsonProperty("tag_id") long tagId,
        @JsonProperty("created_at") Instant createdAt) {
}
