package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A deal's status columns at one moment. */
public record DealState(@JsonProperty("status") String status, @JsonProperty("is_active") boolean isActive) {
}
