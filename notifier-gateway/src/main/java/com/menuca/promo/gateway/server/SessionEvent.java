package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.subscription.ChannelSession;

/**
 * User events the join handler fires down the pipeline so the handlers behind it (token lifecycle)
 * follow a channel's life without sharing state with it.
 */
sealed interface SessionEvent {
    ChannelSession session();

    /** The join was answered: the channel is live under its token. */
    record Live(ChannelSession session) implements SessionEvent {
    }

    /** The channel was left (by the client, a rejoin, or the socket closing). */
    record Left(ChannelSession session) implements SessionEvent {
    }
}
