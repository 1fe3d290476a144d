package com.menuca.promo.gateway.policy;

import java.util.List;

/**
 * Permission to join channels whose name matches {@code pattern}, receiving only events whose
 * fields meet every condition of {@code where} (none: every event of the channel).
 *
 * @param pattern segments split on ':'; {@code $claim} matches a segment holding one of the claim's
 *                values, {@code *} matches any one segment, and as the last segment the rest of the
 *                name (one or more segments)
 */
record ChannelGrant(List<String> pattern, List<FieldCondition> where) {
}
