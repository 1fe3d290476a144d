package com.menuca.promo.gateway.resume;

import com.menuca.promo.gateway.feed.FeedTopic;
import com.menuca.promo.gateway.subscription.ChannelSession;
import java.util.Map;

/**
 * What a resuming session missed: per topic, per partition, the offsets {@code [from, to)} to read
 * again, {@code to} being where live delivery took over at the join. {@code start} is the position
 * the replay begins at (the client's, for every topic of the session), advanced as records are sent.
 *
 * @param records how many records the ranges hold (before filtering)
 */
public record ReplayPlan(ChannelSession session, Map<FeedTopic, long[]> from, Map<FeedTopic, long[]> to,
                         long[][] start, long records) {
}
