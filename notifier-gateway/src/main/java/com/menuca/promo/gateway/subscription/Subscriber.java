package com.menuca.promo.gateway.subscription;

import com.menuca.promo.gateway.protocol.FrameCodec;
import io.netty.util.concurrent.EventExecutor;

/**
 * The socket side of a channel session, as the feed sees it. Every method but {@link #executor()}
 * and {@link #codec()} must be called on {@link #executor()}.
 */
public interface Subscriber {

    /** The event loop that owns the socket: deliveries run there, in submission order. */
    EventExecutor executor();

    FrameCodec codec();

    /** Queues a frame for the session (takes ownership of {@code frame}'s buffer). */
    void deliver(ChannelSession session, OutboundFrame frame);

    /** Flushes what {@link #deliver} queued since the last flush. */
    void flush();

    /** Frames waiting in this socket's queue (any thread; approximate). */
    int queued();
}
