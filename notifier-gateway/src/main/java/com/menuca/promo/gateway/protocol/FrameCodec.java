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
     * A server push (null refs) as a text frame's bytes.
     *
     * @param payloadJson the payload, already JSON; read, not consumed (its reader index is unchanged)
     */
    ByteBuf encodePush(String topic, String event, ByteBuf payloadJson, ByteBufAllocator alloc);

    /**
     * A broadcast as a binary frame (kind 4) when the serializer has one and the parts fit its
     * one-byte length fields; otherwise null, and the caller sends a text push instead.
     */
    ByteBuf encodeBinaryBroadcast(String topic, String event, byte[] metaJson, ByteBuf payloadJson,
                                  ByteBufAllocator alloc);

    /**
     * A broadcast as a binary frame (kind 4) whose payload is JSON ({@code binaryPayload} false) or
     * bytes (true, the payload encoding of an ArrayBuffer); null when the serializer has no binary
     * frames or the parts do not fit. An empty {@code metaJson} sends no {@code meta}.
     */
    ByteBuf encodeBinaryBroadcast(String topic, String event, byte[] metaJson, ByteBuf payload, boolean binaryPayload,
                                  ByteBufAllocator alloc);
}
