package com.menuca.promo.gateway.resume;

import com.menuca.promo.gateway.feed.FeedTopic;
import com.menuca.promo.gateway.subscription.ChannelSession;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a client's resume position into a replay plan against the live position of its join:
 * partitions behind the live position are replayed, partitions ahead of it (the client came from a
 * gateway further along) get a floor below which live events are skipped, topics the position does
 * not name start live. A position older than the retained history, or a gap larger than the replay
 * limit, is refused: the client is told instead of silently missing events.
 */
public final class ReplayPlanner {
    private ReplayPlanner() {
    }

    /**
     * @param live      next offset per topic code and partition when the session went live
     * @param earliest  the earliest retained offset per partition of a topic
     * @param maxRecords the largest gap replayed
     * @return the plan, or null when nothing was missed
     */
    public static ReplayPlan plan(ChannelSession session, Position resume, long[][] live,
                                  Function<FeedTopic, long[]> earliest, long maxRecords) throws ResumeRefusedException {
        Map<FeedTopic, long[]> from = new EnumMap<>(FeedTopic.class);
        Map<FeedTopic, long[]> to = new EnumMap<>(FeedTopic.class);
        long[][] start = new long[live.length][];
        long[][] floor = null;
        long records = 0;
        for (FeedTopic topic : FeedTopic.values()) {
            int code = topic.code();
            if ((session.topicMask() & (1L << code)) == 0) {
                continue;
            }
            long[] liveOffsets = live[code] == null ? new long[0] : live[code];
            long[] resumed = resume.offsets().get(code);
            start[code] = liveOffsets.clone();
            if (resumed == null) {
                continue;
            }
            long[] retained = null;
            long[] replayFrom = liveOffsets.clone();
            boolean any = false;
            for (int p = 0; p < liveOffsets.length; p++) {
                long client = p < resumed.length ? resumed[p] : 0;
                if (client < liveOffsets[p]) {
                    if (retained == null) {
                        retained = earliest.apply(topic);
                    }
                    if (p < retained.length && client < retained[p]) {
                        throw new ResumeRefusedException("ResumePositionTooOld", "the position asks for "
                                + topic.topicName() + " partition " + p + " from offset " + client
                                + " but the oldest retained offset is " + retained[p] + ": "
                                + (retained[p] - client) + " events are gone; rejoin without config.resume to continue live");
                    }
                    replayFrom[p] = client;
                    start[code][p] = client;
                    records += liveOffsets[p] - client;
                    any = true;
                } else if (client > liveOffsets[p]) {
                    if (floor == null) {
                        floor = new long[live.length][];
                    }
                    if (floor[code] == null) {
                        floor[code] = new long[liveOffsets.length];
                    }
                    floor[code][p] = client;
                    start[code][p] = client;
                }
            }
            if (any) {
                from.put(topic, replayFrom);
                to.put(topic, liveOffsets.clone());
            }
        }
        if (records > maxRecords) {
            throw new ResumeRefusedException("ResumeGapTooLarge", records + " records were written since the position;"
                    + " at most " + maxRecords + " are replayed. Reload the current state and rejoin without config.resume");
        }
        if (floor != null) {
            session.setFloor(floor);
        }
        return from.isEmpty() ? null : new ReplayPlan(session, from, to, start, records);
    }
}
