package com.menuca.promo.schemas.serde;

import com.fasterxml.jackson.core.type.TypeReference;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.CouponUsage;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code menuca.menuca_v3.coupon_usage_log}: changes with {@link CouponUsage} rows. */
public final class CouponUsageChangeSerde extends JsonSerde<ChangeEvent<CouponUsage>> {
    public CouponUsageChangeSerde() {
        super(new TypeReference<ChangeEvent<CouponUsage>>() {
        });
    }
}
