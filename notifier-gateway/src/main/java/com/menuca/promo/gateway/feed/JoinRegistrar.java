package com.menuca.promo.gateway.feed;

import com.menuca.promo.gateway.channel.ChannelKind;
import com.menuca.promo.gateway.resume.Position;
import com.menuca.promo.gateway.resume.PositionKey;
import com.menuca.promo.gateway.resume.ReplayPlan;
import com.menuca.promo.gateway.resume.ReplayPlanner;
import com.menuca.promo.gateway.resume.ResumeRefusedException;
import com.menuca.promo.gateway.subscription.ChannelSession;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;

/**
 * Registers joined sessions with the dispatcher at the feed's current position: reads the topics a
 * session needs, plans the replay of a resuming client (from retention looked up before the join got
 * here: no broker call on the feed thread) and charges it to the socket's replay budget, and answers
 * the join's listener with the channel's latest values and its starting position. Joins that arrive before the feed caught up
 * with the latest-wins topics wait until it has. Confined to the feed thread.
 */
final class JoinRegistrar {
    private final Dispatcher dispatcher;
    private final TopicAssignment topics;
    private final LatestValues latest;
    private final long maxReplayRecords;
    private final PositionKey key;
    private final Queue<JoinRequest> deferred = new ArrayDeque<>();

    JoinRegistrar(Dispatcher dispatcher, TopicAssignment topics, LatestValues latest, long maxReplayRecords,
                  PositionKey key) {
        this.dispatcher = dispatcher;
        this.topics = topics;
        this.latest = latest;
        this.maxReplayRecords = maxReplayRecords;
        this.key = key;
    }

    /** Registers now when the feed is caught up, else once it is ({@link #releaseDeferred}). */
    void join(JoinRequest request, boolean caughtUp) {
        if (caughtUp) {
            register(request);
        } else {
            deferred.add(request);
        }
    }

    /** Registers the joins that waited for the feed to catch up. */
    void releaseDeferred() {
        while (!deferred.isEmpty()) {
            register(deferred.poll());
        }
    }

    int deferred() {
        return deferred.size();
    }

    private void register(JoinRequest request) {
        ChannelSession session = request.session();
        if (session.isClosed()) {
            return;
        }
        Set<FeedTopic> needed = EnumSet.noneOf(FeedTopic.class);
        for (FeedTopic topic : FeedTopic.values()) {
            if ((session.topicMask() & (1L << topic.code())) != 0) {
                needed.add(topic);
            }
        }
        topics.want(needed);
        long[][] live = dispatcher.offsets();
        ReplayPlan plan = null;
        if (request.resume() != null) {
            try {
                plan = ReplayPlanner.plan(session, request.resume(), copy(live),
                        topic -> request.earliest().getOrDefault(topic, new long[0]), maxReplayRecords);
            } catch (ResumeRefusedException e) {
                request.listener().refused(e.code(), e.getMessage());
                return;
            }
            if (plan != null && request.budget() != null && !request.budget().tryTake(plan.records())) {
                request.listener().refused("ReplayBudgetExceeded", plan.records() + " records to replay, "
                        + request.budget().remaining() + " left of this socket's replay budget "
                        + "(gateway.replay.budget.records): reconnect, or rejoin without config.resume");
                return;
            }
        }
        dispatcher.register(session);
        List<LatestValues.Latest> current = session.channel().kind() == ChannelKind.LATEST_WINS
                ? latest.of(session.channel().canonical(), session.eventFilter()) : List.of();
        String position = plan != null ? Position.encode(key, session.topicMask(), plan.start())
                : FrameBuilder.positionOf(key, session, live);
        request.listener().live(current, plan, position);
    }

    private static long[][] copy(long[][] offsets) {
        long[][] copy = new long[offsets.length][];
        for (int i = 0; i < offsets.length; i++) {
            copy[i] = offsets[i] == null ? null : offsets[i].clone();
        }
        return copy;
    }
}
