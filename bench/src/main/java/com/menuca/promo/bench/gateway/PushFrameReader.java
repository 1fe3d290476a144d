package com.menuca.promo.bench.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The load generator's WebSocket frame reader, in place of Netty's decoder once the handshake is
 * done: it reads every frame the gateway sends, counts the postgres_changes pushes where they lie
 * in the read buffer (no object per frame, so the load generator's own cost stays small beside
 * the gateway's) and passes every other frame (replies, close) up as a Netty frame. The gateway
 * sends whole, unmasked, unfragmented frames; anything else is a protocol error here.
 */
final class PushFrameReader extends ByteToMessageDecoder {
    /** Where pushes go: called on the event loop, once per read with the number of pushes in it. */
    interface Sink {
        /** {@code count} pushes arrived in one read at {@code nanos}. */
        void counted(int count, long nanos);

        /** One push's payload lies at {@code [from, to)} of {@code buffer}; called only when asked for. */
        void push(ByteBuf buffer, int from, int to, long nanos);

        /** Whether {@link #push} wants each payload (latency tracking). */
        boolean wantsPayloads();
    }

    static final ByteBuf PUSH_PREFIX = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("[null,null,", StandardCharsets.US_ASCII));
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;

    private final Sink sink;

    PushFrameReader(Sink sink) {
        this.sink = sink;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        long now = System.nanoTime();
        boolean payloads = sink.wantsPayloads();
        int pushes = 0;
        while (in.readableBytes() >= 2) {
            int start = in.readerIndex();
            int first = in.getUnsignedByte(start);
            int second = in.getUnsignedByte(start + 1);
            if ((first & 0x80) == 0 || (second & 0x80) != 0) {
                throw new CorruptedFrameException("the gateway sent a fragmented or masked frame");
            }
            int length = second & 0x7F;
            int header = 2;
            if (length == 126) {
                if (in.readableBytes() < 4) {
                    break;
                }
                length = in.getUnsignedShort(start + 2);
                header = 4;
            } else if (length == 127) {
                if (in.readableBytes() < 10) {
                    break;
                }
                long longLength = in.getLong(start + 2);
                if (longLength > Integer.MAX_VALUE - 10) {
                    throw new CorruptedFrameException("frame of " + longLength + " bytes");
                }
                length = (int) longLength;
                header = 10;
            }
            if (in.readableBytes() < header + length) {
                break;
            }
            int from = start + header;
            int to = from + length;
            int opcode = first & 0x0F;
            if (opcode == OPCODE_TEXT && length > PUSH_PREFIX.readableBytes()
                    && ByteBufUtil.equals(in, from, PUSH_PREFIX, 0, PUSH_PREFIX.readableBytes())) {
                pushes++;
                if (payloads) {
                    sink.push(in, from, to, now);
                }
            } else if (opcode == OPCODE_TEXT) {
                out.add(new TextWebSocketFrame(in.retainedSlice(from, length)));
            } else if (opcode == OPCODE_BINARY) {
                out.add(new BinaryWebSocketFrame(in.retainedSlice(from, length)));
            } else if (opcode == OPCODE_CLOSE) {
                out.add(new CloseWebSocketFrame(true, 0, in.retainedSlice(from, length)));
            }
            in.readerIndex(to);
        }
        if (pushes > 0) {
            sink.counted(pushes, now);
        }
    }
}
