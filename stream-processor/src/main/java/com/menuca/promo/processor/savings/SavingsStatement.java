package com.menuca.promo.processor.savings;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.menuca.promo.schemas.derived.CustomerSavings;
import java.util.List;

/**
 * What {@code GET /customers/{id}/redemptions} answers: the customer's savings (the fields of a
 * {@code promo.customer-savings} value) and their latest redemptions, latest first, read together.
 *
 * @param savings the savings, its fields inline
 * @param latest  at most {@link SavingsAccount#LATEST} redemptions
 */
public record SavingsStatement(
        @JsonUnwrapped CustomerSavings savings,
        @JsonProperty("latest") List<Redemption> latest) {
}
