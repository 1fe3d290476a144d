package com.menuca.promo.gateway.policy;

import com.menuca.promo.gateway.auth.Principal;
import java.util.List;
import java.util.Set;

/** The allowed values of one condition: constants written in the file, or a token claim ({@code $name}). */
sealed interface ValueSource {

    /** The raw allowed values for a caller (claims normalized by {@link Principal#claimValues}). */
    Set<Object> resolve(Principal principal);

    record Constants(List<Object> values) implements ValueSource {
        @Override
        public Set<Object> resolve(Principal principal) {
            return new java.util.LinkedHashSet<>(values);
        }
    }

    record Claim(String name) implements ValueSource {
        @Override
        public Set<Object> resolve(Principal principal) {
            return principal.claimValues(name);
        }
    }
}
