package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A whole {@code menuca_v3.marketing_tags} row.
 *
 * @param id        primary key
 * @param name      display name
 * @param slug      URL-safe unique name
 * @param createdAt when the row was created
 */
public record MarketingTag(
        @JsonProperty("id") long id,
        @JsonProperty("name") String name,
        @JsonProperty("slug") String slug,
        @JsonProperty("created_at") Instant createdAt) {
}
