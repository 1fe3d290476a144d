package com.menuca.promo.schemas.serde;

import com.fasterxml.jackson.core.type.TypeReference;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.PromotionalCoupon;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code menuca.menuca_v3.promotional_coupons}: changes with {@link PromotionalCoupon} rows. */
public final class PromotionalCouponChangeSerde extends JsonSerde<ChangeEvent<PromotionalCoupon>> {
    public PromotionalCouponChangeSerde() {
        super(new TypeReference<ChangeEvent<PromotionalCoupon>>() {
        });
    }
}
