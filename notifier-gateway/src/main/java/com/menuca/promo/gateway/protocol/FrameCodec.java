package com.menuca.promo.gateway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One serializer of the protocol. Control messages (replies, system messages) are encoded from a
 * {@link Message}; the hot path ({@link #encodePush}) wraps a payload that was serialized once and is
 * shared by every socket that receives it, so no event is turned into JSON twice.
 */
public interface FrameCodec {

    Vsn vsn();

    /** Reads a text frame. */
    Message decodeText(String text) throws ProtocolException;

    /** Reads a binary frame (only a user broadcast push, kind 3, exists in the protocol). */
    Message decodeBinary(ByteBuf frame) throws ProtocolException;

    /** A text frame's bytes for a message. */
    ByteBuf encode(Message message, ByteBufAllocator alloc);

    /**
     * Writes what a server push (null refs) holds before its payload: a push is this, the payload's
     * JSON, then {@link #writePushEnd}. The hot path writes the three straight into the frame's buffer.
     */
    void writePushStart(ByteBuf out, String topic, String event);

    /** Writes what a server push holds after its payload (see {@link #writePushStart}). */
    void writePushEnd(ByteBuf out);

    /**
     * A server push (null refs) as a text frame's bytes.
     *
     * @param payloadJson the payload, already JSON; read, not consumed (its reader index is unchanged)
     */
    default ByteBuf encodePush(String topic, String event, ByteBuf payloadJson, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(payloadJson.readableBytes() + topic.length() + event.length() + 64);
        writePushStart(out, topic, event);
        out.writeBytes(payloadJson, payloadJson.readerIndex(), payloadJson.readableBytes());
        writePushEnd(out);
        return out;
    }

    /**
     * Writes what a binary broadcast (kind 4) holds before its payload, when the serializer has binary
     * frames and the parts fit their one-byte length fields; otherwise writes nothing and returns false
     * (the caller sends a text push instead). The payload follows as it is.
     *
     * @param binaryPayload the payload is bytes (the payload encoding of an ArrayBuffer) rather than JSON
     * @param metaJson      the {@code meta} object's JSON; empty sends no {@code meta}
     */
    boolean writeBinaryBroadcastStart(ByteBuf out, String topic, String event, byte[] metaJson, boolean binaryPayload);

    /**
     * A broadcast as a binary frame (kind 4) when the serializer has one and the parts fit its
     * one-byte length fields; otherwise null, and the caller sends a text push instead.
     */
    default ByteBuf encodeBinaryBroadcast(String topic, String event, byte[] metaJson, ByteBuf payloadJson,
                                          ByteBufAllocator alloc) {
        return encodeBinaryBroadcast(topic, event, metaJson, payloadJson, false, alloc);
    }

    /**
     * A broadcast as a binary frame (kind 4) whose payload is JSON ({@code binaryPayload} false) or
     * bytes (true, the payload encoding of an ArrayBuffer); null when the serializer has no binary
     * frames or the parts do not fit. An empty {@code metaJson} sends no {@code meta}.
     */
    default ByteBuf encodeBinaryBroadcast(String topic, String event, byte[] metaJson, ByteBuf payload,
                                          boolean binaryPayload, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(topic.length() + event.length() + metaJson.length + payload.readableBytes() + 8);
        if (!writeBinaryBroadcastStart(out, topic, event, metaJson, binaryPayload)) {
            out.release();
            return null;
        }
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        return out;
    }
}
