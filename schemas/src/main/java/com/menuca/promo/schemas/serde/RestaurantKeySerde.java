package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.derived.RestaurantKey;
import com.menuca.promo.schemas.json.JsonSerde;

/** Keys of {@code promo.deal-lifecycle}, {@code promo.coupon-activity} and {@code promo.deal-performance}. */
public final class RestaurantKeySerde extends JsonSerde<RestaurantKey> {
    public RestaurantKeySerde() {
        super(RestaurantKey.class);
    }
}
