package com.menuca.promo.gateway.subscription;

import com.menuca.promo.gateway.channel.ResolvedChannel;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.ChannelRights;
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
    /** Set once by the join, before the session is registered: right-sized and immutable. */
    private List<Binding> bindings = List.of();
    private final long topicMask;
    private volatile Access access;
    private volatile JoinOptions options = JoinOptions.NONE;
    /** {@link #rights()} as computed for {@link #access} (recomputed when a token refresh replaces it). */
    private volatile RightsOf rights;
    private volatile EventFilter eventFilter;
    private volatile boolean closed;
    /** The join was answered: the channel is live on its socket (event loop). */
    private boolean live;
    /** Live frames held back while a replay runs (event-loop confined), and how many frames they hold. */
    private List<OutboundFrame> heldBack;
    private int heldBackFrames;
    /** Per topic code and partition, offsets below which live events were already replayed or seen elsewhere (feed thread). */
    private long[][] floor;
    /**
     * The frame cache key of the last binding ids seen: one immutable object, so the feed thread and
     * a replay thread may both read and replace it (they compute the same key for the same ids).
     */
    private volatile FrameKey frameKey;
    /** Feed-thread scratch: this event's matching binding ids. */
    private long matchedEvent = -1;
    private int[] matchIds;
    /** Feed-thread scratch: how this session's token sees feed event {@link #viewEvent} (null: not at all). */
    private long viewEvent = -1;
    private ChangeType view;

    public ChannelSession(Subscriber subscriber, ResolvedChannel channel, String joinRef, Access access,
                          EventFilter eventFilter, long topicMask) {
        this.subscriber = subscriber;
        this.channel = channel;
        // interned: the many sockets on one channel (a restaurant's deals), and the small refs clients
        // count up from 1, then hold one copy instead of one each
        this.joinRef = joinRef == null ? null : joinRef.intern();
        this.wireTopic = (Events.CHANNEL_PREFIX + channel.requested()).intern();
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

    /** Sets the session's bindings, once, before it is registered with the feed (whose thread reads them). */
    public void setBindings(List<Binding> bindings) {
        if (!this.bindings.isEmpty()) {
            throw new IllegalStateException("bindings already set");
        }
        this.bindings = List.copyOf(bindings);
    }

    /** Bit {@code code} set for every topic whose position this session's events carry. */
    public long topicMask() {
        return topicMask;
    }

    public Access access() {
        return access;
    }

    /** What the join asked for besides postgres_changes (broadcast self/ack, presence). */
    public JoinOptions options() {
        return options;
    }

    public void setOptions(JoinOptions options) {
        this.options = options;
    }

    /**
     * The client broadcast and presence rights of the session's current token on its channel (any
     * thread; computed once per token).
     */
    public ChannelRights rights() {
        Access current = access;
        RightsOf known = rights;
        if (known == null || known.access() != current) {
            known = new RightsOf(current, current.channelRights(channel.canonical()));
            rights = known;
        }
        return known.rights();
    }

    private record RightsOf(Access access, ChannelRights rights) {
    }

    public EventFilter eventFilter() {
        return eventFilter;
    }

    /** A refreshed token's access (read by the feed thread for every later event). */
    public void updateAccess(Access access, EventFilter eventFilter) {
        this.access = access;
        this.eventFilter = eventFilter;
    }

    /** Marks the join answered: from now on the channel is live on its socket (event loop only). */
    public void markLive() {
        live = true;
    }

    /** Whether the join was answered (event loop only). */
    public boolean isLive() {
        return live;
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
        heldBackFrames = 0;
    }

    public boolean isHoldingBack() {
        return heldBack != null;
    }

    /** Holds a live frame back (while {@link #isHoldingBack()}); returns the frames now held. */
    public int holdBackFrame(OutboundFrame frame) {
        heldBack.add(frame);
        heldBackFrames += frame.frames();
        return heldBackFrames;
    }

    /** Ends holding back; returns the frames held, in order. */
    public List<OutboundFrame> releaseHeldBack() {
        List<OutboundFrame> frames = heldBack;
        heldBack = null;
        heldBackFrames = 0;
        return frames == null ? List.of() : frames;
    }

    /**
     * The cache key of this session's frames with these matching binding ids ({@code ids[0]} is their
     * number), if remembered for exactly these ids; else null.
     */
    public String frameKey(int[] ids) {
        FrameKey known = frameKey;
        if (known == null || known.ids[0] != ids[0]) {
            return null;
        }
        for (int i = 1; i <= ids[0]; i++) {
            if (known.ids[i] != ids[i]) {
                return null;
            }
        }
        return known.key;
    }

    /** Remembers the frame key of these ids. */
    public void rememberFrameKey(int[] ids, String key) {
        frameKey = new FrameKey(java.util.Arrays.copyOf(ids, ids[0] + 1), key);
    }

    private record FrameKey(int[] ids, String key) {
    }

    /**
     * The ids of this session's bindings found to match feed event {@code event} so far ({@code [0]}
     * is their number, the ids follow): feed-thread scratch, emptied when a new event asks.
     */
    public int[] matchedIds(long event) {
        if (matchedEvent != event) {
            matchedEvent = event;
            if (matchIds == null) {
                matchIds = new int[bindings.size() + 2];
            }
            matchIds[0] = 0;
        }
        return matchIds;
    }

    /** Whether {@link #view()} holds how this session sees feed event {@code event} (feed thread). */
    public boolean hasView(long event) {
        return viewEvent == event;
    }

    /** How this session's token sees the last event given to {@link #setView}: its delivered type, or null for not at all. */
    public ChangeType view() {
        return view;
    }

    public void setView(long event, ChangeType type) {
        viewEvent = event;
        view = type;
    }

    /** Doubles the room of {@link #matchedIds}, keeping its content. */
    public int[] growMatchedIds() {
        matchIds = java.util.Arrays.copyOf(matchIds, matchIds.length * 2);
        return matchIds;
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
