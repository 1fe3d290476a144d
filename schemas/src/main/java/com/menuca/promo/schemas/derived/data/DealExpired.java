package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** {@code deal_expired}: a live deal's {@code ends_at} passed. */
public record DealExpired(@JsonProperty("title") String title, @JsonProperty("ends_at") Instant endsAt) implements EventData {
}
