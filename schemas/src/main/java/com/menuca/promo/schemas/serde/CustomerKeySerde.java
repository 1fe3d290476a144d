package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.derived.CustomerKey;
import com.menuca.promo.schemas.json.JsonSerde;

/** Keys of {@code promo.customer-savings}. */
public final class CustomerKeySerde extends JsonSerde<CustomerKey> {
    public CustomerKeySerde() {
        super(CustomerKey.class);
    }
}
