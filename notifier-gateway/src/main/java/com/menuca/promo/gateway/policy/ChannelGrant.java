package com.menuca.promo.gateway.policy;

import java.util.List;

/**
 * Permission to join channels whose name matches {@code pattern}, receiving only events whose
 * fields meet every condition of {@code where} (none: every event of the channel), with the client
 * broadcast and presence rights of {@code rights}.
 *
 * @param pattern segments split on ':'; {@code $claim} matches a segment holding one of the claim's
 *                values, {@code *} matches any one segment, and as the last segment the rest of the
 *                name (one or more segments)
 */
record ChannelGrant(List<String> pattern, List<FieldCondition> where, Rights rights) {

    /**
     * {@code broadcast: [read, write]}, {@code presence: [read, write]} and {@code presence_key} of a grant.
     *
     * @param presenceKey the values a tracker's presence key must be one of, or null for any key
     */
    record Rights(boolean broadcastRead, boolean broadcastWrite, boolean presenceRead, boolean presenceWrite,
                  ValueSource presenceKey) {
        static final Rights NONE = new Rights(false, false, false, false, null);
    }
}
