package com.menuca.promo.gateway.policy;

import com.menuca.promo.gateway.filter.Operator;

/**
 * {@code field <operator> operand}: a column (or event field) must compare with the operand as the
 * operator says. Written {@code field: value}, {@code field: [values]} or {@code field: $claim} for
 * equality, or {@code field: {lte: now()}}, {@code field: {gt: now(), or_null: true}} for the rest.
 *
 * @param orNull whether SQL NULL also passes (otherwise a NULL value never does)
 */
record FieldCondition(String field, Operator operator, ValueSource operand, boolean orNull) {

    /** {@code field: value-or-$claim}: the field must equal one of the allowed values. */
    static FieldCondition equality(String field, ValueSource allowed) {
        return new FieldCondition(field, Operator.IN, allowed, false);
    }
}
