package com.menuca.promo.gateway.subscription;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Channel sessions by canonical channel name, for broadcast routing. Confined to the feed thread. */
public final class ChannelIndex {
    private final Map<String, Set<ChannelSession>> byChannel = new HashMap<>();

    public void add(ChannelSession session) {
        // most channels are one customer's or one restaurant's: start small, grow with the audience
        byChannel.computeIfAbsent(session.channel().canonical(), c -> new LinkedHashSet<>(2)).add(session);
    }

    public void remove(ChannelSession session) {
        Set<ChannelSession> sessions = byChannel.get(session.channel().canonical());
        if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
            byChannel.remove(session.channel().canonical());
        }
    }

    public Collection<ChannelSession> sessions(String canonical) {
        Set<ChannelSession> sessions = byChannel.get(canonical);
        return sessions == null ? List.of() : sessions;
    }

    public int channels() {
        return byChannel.size();
    }
}
