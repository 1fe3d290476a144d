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
