package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.cdc.RowId;
import com.menuca.promo.schemas.json.JsonSerde;

/** Keys of the change topics of promotional_deals, promotional_coupons, marketing_tags and coupon_usage_log. */
public final class RowIdSerde extends JsonSerde<RowId> {
    public RowIdSerde() {
        super(RowId.class);
    }
}
