package com.menuca.promo.gateway.subscription;

import io.netty.buffer.ByteBuf;

/**
 * Frames on their way to one socket: usually one, or several of the same channel session in a row
 * whose bytes lie back to back (the feed joins a socket's consecutive frames of one batch, so a
 * burst costs one write per socket rather than one per frame).
 *
 * @param content      whole WebSocket frames (header and payload, see {@code WebSocketFraming}), owned by
 *                     whoever holds this object
 * @param binary       a binary (kind 4) frame rather than text
 * @param coalesceKey  for latest-wins values: a newer frame with the same key replaces this one while
 *                     it waits in a slow client's queue; null for events that must all be delivered
 *                     (a frame with a key is always alone in its content)
 * @param commitMillis when the (first) change was committed in PostgreSQL or the event occurred (epoch
 *                     ms; 0 if unknown), for the delivery latency metric
 * @param replayed     sent by a replay for a resuming client (never held back behind the replay itself)
 * @param frames       how many WebSocket frames {@code content} holds (1 or more); rate limits and queue
 *                     bounds count these
 */
public record OutboundFrame(ByteBuf content, boolean binary, String coalesceKey, long commitMillis, boolean replayed,
                            int frames) {

    public OutboundFrame {
        if (frames < 1 || (frames > 1 && coalesceKey != null)) {
            throw new IllegalArgumentException("frames must be 1, or more without a coalesce key: " + frames);
        }
    }

    public OutboundFrame(ByteBuf content, boolean binary, String coalesceKey, long commitMillis, boolean replayed) {
        this(content, binary, coalesceKey, commitMillis, replayed, 1);
    }

    public static OutboundFrame live(ByteBuf content, boolean binary, String coalesceKey, long commitMillis) {
        return new OutboundFrame(content, binary, coalesceKey, commitMillis, false, 1);
    }

    /** {@code frames} consecutive live frames (no coalesce key) in one buffer. */
    public static OutboundFrame liveRun(ByteBuf content, int frames, long commitMillis) {
        return new OutboundFrame(content, false, null, commitMillis, false, frames);
    }
}
