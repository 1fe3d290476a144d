package com.menuca.promo.gateway.feed;

import com.menuca.promo.gateway.resume.Position;
import com.menuca.promo.gateway.resume.ReplayBudget;
import java.util.Map;
import com.menuca.promo.gateway.resume.ReplayPlan;
import com.menuca.promo.gateway.subscription.ChannelSession;
import java.util.List;

/**
 * A session asking to go live: the feed registers it at an exact position, then tells the listener
 * (on the feed thread, before any later event can reach the session).
 *
 * @param resume   the client's position, or null for a plain join
 * @param earliest for a resume: the earliest retained offset per partition of the topics it reads,
 *                 looked up before the request reaches the feed (the feed thread makes no broker call
 *                 for a join); empty for a plain join
 * @param budget   the socket's replay budget, charged with the records a resume replays
 */
public record JoinRequest(ChannelSession session, Position resume, Map<FeedTopic, long[]> earliest, ReplayBudget budget,
                          Listener listener) {

    /** A plain join (no resume). */
    public JoinRequest(ChannelSession session, Listener listener) {
        this(session, null, Map.of(), null, listener);
    }

    /** Called on the feed thread; implementations hand work to the socket's event loop. */
    public interface Listener {
        /**
         * The session is registered: every later event reaches it.
         *
         * @param latest current values of a latest-wins channel, to send right after the reply
         * @param replay what a resuming client missed, or null
         * @param position where the session's stream starts (the join reply carries it, so a client
         *                 that gets no event before it disconnects can still resume)
         */
        void live(List<LatestValues.Latest> latest, ReplayPlan replay, String position);

        /** The join cannot be honoured ({@code code: message} goes into the error reply). */
        void refused(String code, String message);
    }
}
