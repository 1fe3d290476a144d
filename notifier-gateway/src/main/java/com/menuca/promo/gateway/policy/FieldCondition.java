package com.menuca.promo.gateway.policy;

/** {@code field: value-or-$claim}: the field must equal one of the allowed values. */
record FieldCondition(String field, ValueSource allowed) {
}
