package com.menuca.promo.gateway.policy;

import com.menuca.promo.gateway.auth.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The operand of one condition: constants written in the file, a token claim ({@code $name}, or a
 * dotted path such as {@code $app_metadata.restaurant_ids}), or the time of the check ({@code now()}).
 */
sealed interface ValueSource {
    /** How {@code now()} is written. */
    String NOW_TEXT = "now()";

    /** The raw values for a caller (claims normalized by {@link Principal#claimValues}); empty for {@link Now}. */
    Set<Object> resolve(Principal principal);

    record Constants(List<Object> values) implements ValueSource {
        @Override
        public Set<Object> resolve(Principal principal) {
            return new LinkedHashSet<>(values);
        }
    }

    record Claim(String name) implements ValueSource {
        @Override
        public Set<Object> resolve(Principal principal) {
            return principal.claimValues(name);
        }
    }

    /** The moment a row is checked: rows are judged by the clock, e.g. a deal is public from its start. */
    record Now() implements ValueSource {
        @Override
        public Set<Object> resolve(Principal principal) {
            return Set.of();
        }
    }
}
