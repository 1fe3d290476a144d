package com.menuca.promo.gateway.subscription;

import io.netty.buffer.ByteBuf;

/**
 * A frame on its way to one socket.
 *
 * @param content      the whole WebSocket frame (header and payload, see {@code WebSocketFraming}), owned by
 *                     whoever holds this frame
 * @param binary       a binary (kind 4) frame rather than text
 * @param coalesceKey  for latest-wins values: a newer frame with the same key replaces this one while
 *                     it waits in a slow client's queue; null for events that must all be delivered
 * @param commitMillis when the change was committed in PostgreSQL or the event occurred (epoch ms; 0
 *                     if unknown), for the delivery latency metric
 * @param replayed     sent by a replay for a resuming client (never held back behind the replay itself)
 */
public record OutboundFrame(ByteBuf content, boolean binary, String coalesceKey, long commitMillis, boolean replayed) {

    public static OutboundFrame live(ByteBuf content, boolean binary, String coalesceKey, long commitMillis) {
        return new OutboundFrame(content, binary, coalesceKey, commitMillis, false);
    }
}
