package com.menuca.promo.gateway.channel;

import java.util.Set;

/**
 * A channel name as the gateway understands it.
 *
 * @param requested the name the client joined (without {@code realtime:}); frames go out under it
 * @param canonical the channel map's name ({@code restaurant:42:deals} for alias {@code restaurant_42_deal_expiring})
 * @param events    the broadcast events the name receives; empty means all of the channel's events
 * @param kind      what the channel carries
 * @param isProtected whether joining needs a channel grant of the policy
 * @param renamedTo the event name an alias broadcasts its events under, or null to keep each event's name
 */
public record ResolvedChannel(String requested, String canonical, Set<String> events, ChannelKind kind,
                              boolean isProtected, String renamedTo) {

    /** The event name a client of this channel binds for {@code event} of the canonical channel. */
    public String clientEvent(String event) {
        return renamedTo == null ? event : renamedTo;
    }

    public boolean receives(String event) {
        return events.isEmpty() || events.contains(event);
    }

    public boolean isAlias() {
        return !requested.equals(canonical);
    }
}
