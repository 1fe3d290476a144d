package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Key of the topics partitioned by restaurant: {@code {"restaurant_id": 42}}. */
public record RestaurantKey(@JsonProperty("restaurant_id") long restaurantId) {
}
