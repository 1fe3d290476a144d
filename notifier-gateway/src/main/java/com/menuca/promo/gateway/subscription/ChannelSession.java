package com.menuca.promo.gateway.subscription;

import com.menuca.promo.gateway.channel.ResolvedChannel;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.protocol.Events;
import java.util.ArrayList;
import java.util.List;

/**
 * One joined channel of one socket: its bindings, the caller's access (replaced on token refresh),
 * and the topics whose positions its events carry.
 */
public final class ChannelSession {
    private final Subscriber subscriber;
    private final ResolvedChannel channel;
    private final String joinRef;
    private final String wireTopic;
    private final List<Binding> bindings = new ArrayList<>();
    private final long topicMask;
    private volatile Access access;
    private volatile EventFilter eventFilter;
    private volatile boolean closed;
    /** Live frames held back while a replay runs (event-loop confined). */
    private List<OutboundFrame> heldBack;
    /** Per topic code and partition, offsets below which live events were already replayed or seen elsewhere (feed thread). */
    private long[][] floor;

    public ChannelSession(Subscriber subscriber, ResolvedChannel channel, String joinRef, Access access,
                          EventFilter eventFilter, long topicMask) {
        this.subscriber = subscriber;
        this.channel = channel;
        this.joinRef = joinRef;
        this.wireTopic = Events.CHANNEL_PREFIX + channel.requested();
        this.access = access;
        this.eventFilter = eventFilter;
        this.topicMask = topicMask;
    }

    public Subscriber subscriber() {
        return subscriber;
    }

    public ResolvedChannel channel() {
        return channel;
    }

    public String joinRef() {
        return joinRef;
    }

    /** {@code realtime:<name as joined>}. */
    public String wireTopic() {
        return wireTopic;
    }

    public List<Binding> bindings() {
        return bindings;
    }

    public void addBinding(Binding binding) {
        bindings.add(binding);
    }

    /** Bit {@code code} set for every topic whose position this session's events carry. */
    public long topicMask() {
        return topicMask;
    }

    public Access access() {
        return access;
    }

    public EventFilter eventFilter() {
        return eventFilter;
    }

    /** A refreshed token's access (read by the feed thread for every later event). */
    public void updateAccess(Access access, EventFilter eventFilter) {
        this.access = access;
        this.eventFilter = eventFilter;
    }

    public boolean isClosed() {
        return closed;
    }

    public void close() {
        closed = true;
    }

    /** Starts holding live frames back until {@link #releaseHeldBack()} (a replay is running). */
    public void holdBack() {
        heldBack = new ArrayList<>();
    }

    public boolean isHoldingBack() {
        return heldBack != null;
    }

    public List<OutboundFrame> heldBack() {
        return heldBack;
    }

    /** Ends holding back; returns the frames held, in order. */
    public List<OutboundFrame> releaseHeldBack() {
        List<OutboundFrame> frames = heldBack;
        heldBack = null;
        return frames == null ? List.of() : frames;
    }

    public void setFloor(long[][] floor) {
        this.floor = floor;
    }

    /** Offsets the client resumed from that lie ahead of this gateway's feed, or null (feed thread). */
    public long[][] floor() {
        return floor;
    }

    /** Whether a live record was already covered by the position the client resumed from. */
    public boolean coveredByResume(int topicCode, int partition, long offset) {
        long[][] f = floor;
        if (f == null || topicCode >= f.length || f[topicCode] == null || partition >= f[topicCode].length) {
            return false;
        }
        return offset < f[topicCode][partition];
    }
}
