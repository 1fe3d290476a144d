package com.menuca.promo.gateway.feed;

import com.menuca.promo.gateway.subscription.ChannelSession;

/**
 * What the socket side needs of the feed: registering a joined session at an exact stream position
 * and dropping it again. {@link KafkaFeed} is the implementation; handler tests use a fake.
 */
public interface SessionFeed {
    /** Registers a session; the request's listener hears back on the feed thread (see {@link JoinRequest}). */
    void join(JoinRequest request);

    /** Stops delivering to a session (closes it at once, unregisters it on the feed thread). */
    void leave(ChannelSession session);
}
