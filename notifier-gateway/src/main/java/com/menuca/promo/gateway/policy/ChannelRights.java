package com.menuca.promo.gateway.policy;

import java.util.Optional;
import java.util.Set;

/**
 * What a caller may do on a channel besides receiving its events: client broadcasts and presence, as
 * the grants of the policy that match the channel give them (their union). Supabase's vocabulary:
 * <em>read</em> is receiving (broadcasts sent by others; the presence state and its changes),
 * <em>write</em> is sending (a broadcast; {@code track}).
 *
 * @param presenceKeys the presence keys a tracker may use, or null for any key ({@code presence_key:}
 *                     of the grants; a grant without one allows any key)
 */
public record ChannelRights(boolean broadcastRead, boolean broadcastWrite, boolean presenceRead, boolean presenceWrite,
                            Set<String> presenceKeys) {
    /** Nothing beyond the channel's own events. */
    public static final ChannelRights NONE = new ChannelRights(false, false, false, false, Set.of());

    public ChannelRights {
        presenceKeys = presenceKeys == null ? null : Set.copyOf(presenceKeys);
    }

    /** Whether anything was granted (a session without rights needs no place in the cluster's indexes). */
    public boolean any() {
        return broadcastRead || broadcastWrite || presenceRead || presenceWrite;
    }

    /** Why tracking under {@code key} is refused, or empty when it is allowed. */
    public Optional<String> presenceKeyRefusal(String key) {
        if (presenceKeys == null || presenceKeys.contains(key)) {
            return Optional.empty();
        }
        return Optional.of("presence key '" + key + "' is not this token's: it may track only as "
                + presenceKeys.stream().sorted().toList());
    }

    /** The one key a tracker may use when the policy allows exactly one (so clients need not set it). */
    public Optional<String> onlyPresenceKey() {
        return presenceKeys != null && presenceKeys.size() == 1 ? Optional.of(presenceKeys.iterator().next())
                : Optional.empty();
    }
}
