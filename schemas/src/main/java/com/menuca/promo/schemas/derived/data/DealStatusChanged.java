package com.menuca.promo.schemas.derived.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code deal_status_changed}: {@code status} or {@code is_active} changed.
 *
 * @param action {@code activated} (is_active became true), {@code deactivated} (became false), or
 *               {@code status_changed} (only the status changed)
 */
public record DealStatusChanged(
        @JsonProperty("title") String title,
        @JsonProperty("old") DealState old,
        @JsonProperty("new") DealState current,
        @JsonProperty("action") String action) implements EventData {
}
