package com.menuca.promo.gateway.filter;

import java.util.Arrays;
import java.util.Optional;

/** The comparison of one filter condition. */
public enum Operator {
    EQ("eq"), NEQ("neq"), LT("lt"), LTE("lte"), GT("gt"), GTE("gte"), IN("in");

    private final String token;

    Operator(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** The operator written as {@code token} ({@code eq}, {@code lte}...). */
    public static Optional<Operator> byToken(String token) {
        return Arrays.stream(values()).filter(op -> op.token.equals(token)).findFirst();
    }

    /** Whether a comparison result ({@code rowValue.compareTo(literal)}) satisfies this operator. */
    public boolean accepts(int comparison) {
        return switch (this) {
            case EQ, IN -> comparison == 0;
            case NEQ -> comparison != 0;
            case LT -> comparison < 0;
            case LTE -> comparison <= 0;
            case GT -> comparison > 0;
            case GTE -> comparison >= 0;
        };
    }
}
