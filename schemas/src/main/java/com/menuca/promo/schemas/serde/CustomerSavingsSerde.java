package com.menuca.promo.schemas.serde;

import com.menuca.promo.schemas.derived.CustomerSavings;
import com.menuca.promo.schemas.json.JsonSerde;

/** Values of {@code promo.customer-savings}. */
public final class CustomerSavingsSerde extends JsonSerde<CustomerSavings> {
    public CustomerSavingsSerde() {
        super(CustomerSavings.class);
    }
}
