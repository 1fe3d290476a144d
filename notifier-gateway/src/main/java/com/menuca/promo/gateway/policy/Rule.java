package com.menuca.promo.gateway.policy;

import com.menuca.promo.schemas.cdc.CdcTable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule of the policy file.
 *
 * @param name     for messages
 * @param roles    the {@code role} claims it applies to; {@code *} for every verified token
 * @param tables   tables it grants, each with the conditions (AND) a row must meet; an empty list grants every row
 * @param channels channels it lets callers join
 */
record Rule(String name, Set<String> roles, Map<CdcTable, List<FieldCondition>> tables, List<ChannelGrant> channels) {

    boolean appliesTo(String role) {
        return roles.contains("*") || roles.contains(role);
    }
}
