package com.menuca.promo.gateway.policy;

import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule of the policy file. It applies to a token whose role it lists (or to any role when it
 * lists none) and that carries every claim it requires: Supabase Auth issues one role,
 * {@code authenticated}, to every signed-in user, so who is staff or customer is told by claims.
 *
 * @param name     for messages
 * @param roles    the {@code role} claims it applies to; {@code *} or empty for every verified token
 * @param claims   claims (names or dotted paths) the token must carry with at least one value
 * @param tables   tables it grants, each with the conditions (AND) a row must meet; an empty list grants every row
 * @param channels channels it lets callers join
 */
record Rule(String name, Set<String> roles, Set<String> claims, Map<CdcTable, List<FieldCondition>> tables,
            List<ChannelGrant> channels) {

    /**
     * Whether any of its conditions or channel patterns reads a claim of the caller: if not, it grants
     * the same to every caller it applies to.
     */
    boolean namesClaims() {
        for (List<FieldCondition> conditions : tables.values()) {
            for (FieldCondition condition : conditions) {
                if (condition.operand() instanceof ValueSource.Claim) {
                    return true;
                }
            }
        }
        for (ChannelGrant grant : channels) {
            for (String segment : grant.pattern()) {
                if (segment.startsWith("$")) {
                    return true;
                }
            }
            for (FieldCondition condition : grant.where()) {
                if (condition.operand() instanceof ValueSource.Claim) {
                    return true;
                }
            }
            if (grant.rights().presenceKey() instanceof ValueSource.Claim) {
                return true;
            }
        }
        return false;
    }

    boolean appliesTo(Principal principal) {
        if (!roles.isEmpty() && !roles.contains("*") && !roles.contains(principal.role())) {
            return false;
        }
        for (String claim : claims) {
            if (!principal.hasClaim(claim)) {
                return false;
            }
        }
        return true;
    }
}
