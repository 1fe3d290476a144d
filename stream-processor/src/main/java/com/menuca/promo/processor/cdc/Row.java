package com.menuca.promo.processor.cdc;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A checked row image of one of the tables the derivations read. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "row")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DealRow.class, name = "deal"),
    @JsonSubTypes.Type(value = CouponRow.class, name = "coupon"),
    @JsonSubTypes.Type(value = UsageRow.class, name = "usage")})
public sealed interface Row permits DealRow, CouponRow, UsageRow {
    long restaurantId();
}
