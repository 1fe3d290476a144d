package com.menuca.promo.schemas.derived;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Key of {@code promo.customer-savings}: {@code {"customer_id": 7}}. */
public record CustomerKey(@JsonProperty("customer_id") long customerId) {
}
