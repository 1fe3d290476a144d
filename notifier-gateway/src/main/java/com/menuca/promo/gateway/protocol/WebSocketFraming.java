package com.menuca.promo.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Whole server-to-client WebSocket frames (RFC 6455 §5.2: FIN, opcode, length; servers never mask).
 * Because they carry no mask, the bytes of a frame are the same for every socket that receives it:
 * the gateway builds them once per event and writes shared duplicates below Netty's WebSocket
 * encoder, instead of encoding (and for small frames copying) the payload once per socket.
 */
public final class WebSocketFraming {
    private static final int FIN = 0x80;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;

    private WebSocketFraming() {
    }

    /** Room {@link #start} leaves for the longest header (opcode byte, length byte, 8-byte length). */
    static final int MAX_HEADER = 10;

    /**
     * A buffer to write one frame's payload into, right after room for its header: write the payload,
     * then {@link #finish} puts the header in front of it. The frame is built in place, with no copy of
     * the payload, whatever its length class turns out to be.
     *
     * @param payloadEstimate the payload's expected length (the buffer grows if it is longer)
     */
    public static ByteBuf start(ByteBufAllocator alloc, int payloadEstimate) {
        ByteBuf frame = alloc.buffer(MAX_HEADER + payloadEstimate);
        frame.writerIndex(MAX_HEADER);
        return frame;
    }

    /**
     * Writes the header of the payload written since {@link #start} just before it: the buffer's
     * readable bytes are then the whole frame (a few unused bytes before it stay unread).
     */
    public static ByteBuf finish(ByteBuf frame, boolean binary) {
        int length = frame.writerIndex() - MAX_HEADER;
        int header = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        int at = MAX_HEADER - header;
        frame.setByte(at, FIN | (binary ? OPCODE_BINARY : OPCODE_TEXT));
        if (length <= 125) {
            frame.setByte(at + 1, length);
        } else if (length <= 0xFFFF) {
            frame.setByte(at + 1, 126);
            frame.setShort(at + 2, length);
        } else {
            frame.setByte(at + 1, 127);
            frame.setLong(at + 2, length);
        }
        frame.readerIndex(at);
        return frame;
    }

    /** A new buffer holding the frame header and a copy of {@code payload}'s readable bytes. */
    public static ByteBuf frame(ByteBuf payload, boolean binary, ByteBufAllocator alloc) {
        int length = payload.readableBytes();
        int header = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = alloc.buffer(header + length);
        frame.writeByte(FIN | (binary ? OPCODE_BINARY : OPCODE_TEXT));
        if (length <= 125) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        frame.writeBytes(payload, payload.readerIndex(), length);
        return frame;
    }

    /** Frames {@code payload} and releases it. */
    public static ByteBuf frameAndRelease(ByteBuf payload, boolean binary, ByteBufAllocator alloc) {
        try {
            return frame(payload, binary, alloc);
        } finally {
            payload.release();
        }
    }
}
