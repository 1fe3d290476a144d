package com.menuca.promo.schemas.cdc;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Key of the change topics of tables with a single-column primary key ({@code promotional_deals},
 * {@code promotional_coupons}, {@code marketing_tags}, {@code coupon_usage_log}): {@code {"id": 42}}.
 * Every change of one row has the same key, so it lands on one partition, in commit order.
 */
public record RowId(@JsonProperty("id") long id) {
}
