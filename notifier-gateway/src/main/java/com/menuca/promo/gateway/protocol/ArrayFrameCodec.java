package com.menuca.promo.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code vsn=2.0.0}: {@code [join_ref, ref, topic, event, payload]} text frames, plus binary user
 * broadcasts: client pushes of kind 3 and server broadcasts of kind 4.
 */
final class ArrayFrameCodec implements FrameCodec {
    static final ArrayFrameCodec INSTANCE = new ArrayFrameCodec();

    static final int KIND_USER_BROADCAST_PUSH = 3;
    static final int KIND_USER_BROADCAST = 4;
    private static final int ENCODING_BINARY = 0;
    private static final int ENCODING_JSON = 1;
    private static final int MAX_FIELD = 255;

    private ArrayFrameCodec() {
    }

    @Override
    public Vsn vsn() {
        return Vsn.V2;
    }

    @Override
    public Message decodeText(String text) throws ProtocolException {
        JsonNode node = JsonText.parse(text);
        if (!node.isArray() || node.size() != 5) {
            throw new ProtocolException("vsn 2.0.0 expects a JSON array [join_ref, ref, topic, event, payload]");
        }
        return new Message(JsonText.refText(node.get(0), "join_ref"), JsonText.refText(node.get(1), "ref"),
                JsonText.requiredText(node.get(2), "topic"), JsonText.requiredText(node.get(3), "event"),
                JsonText.payload(node.get(4)));
    }

    @Override
    public Message decodeBinary(ByteBuf frame) throws ProtocolException {
        if (frame.readableBytes() < 7) {
            throw new ProtocolException("binary frame too short (" + frame.readableBytes() + " bytes)");
        }
        int start = frame.readerIndex();
        int kind = frame.getUnsignedByte(start);
        if (kind != KIND_USER_BROADCAST_PUSH) {
            throw new ProtocolException("unknown binary frame kind " + kind + " (clients may only send kind 3, user broadcast)");
        }
        int joinRefLength = frame.getUnsignedByte(start + 1);
        int refLength = frame.getUnsignedByte(start + 2);
        int topicLength = frame.getUnsignedByte(start + 3);
        int eventLength = frame.getUnsignedByte(start + 4);
        int metaLength = frame.getUnsignedByte(start + 5);
        int encoding = frame.getUnsignedByte(start + 6);
        int headerEnd = start + 7 + joinRefLength + refLength + topicLength + eventLength + metaLength;
        if (headerEnd > frame.writerIndex()) {
            throw new ProtocolException("binary frame shorter than its header says");
        }
        int at = start + 7;
        String joinRef = text(frame, at, joinRefLength);
        at += joinRefLength;
        String ref = text(frame, at, refLength);
        at += refLength;
        String topic = text(frame, at, topicLength);
        at += topicLength;
        String event = text(frame, at, eventLength);
        at += eventLength;
        String meta = text(frame, at, metaLength);
        ObjectNode payload = JsonText.MAPPER.createObjectNode();
        payload.put("type", Events.BROADCAST);
        payload.put("event", event);
        int bodyLength = frame.writerIndex() - headerEnd;
        if (encoding == ENCODING_JSON) {
            try {
                payload.set("payload", bodyLength == 0 ? JsonText.MAPPER.createObjectNode()
                        : JsonText.MAPPER.readTree(frame.toString(headerEnd, bodyLength, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new ProtocolException("binary broadcast payload is not valid JSON");
            }
        } else if (encoding == ENCODING_BINARY) {
            byte[] body = new byte[bodyLength];
            frame.getBytes(headerEnd, body);
            payload.put("payload", body);
        } else {
            throw new ProtocolException("unknown binary payload encoding " + encoding);
        }
        if (!meta.isEmpty()) {
            payload.set("meta", JsonText.parse(meta));
        }
        return new Message(joinRef.isEmpty() ? null : joinRef, ref.isEmpty() ? null : ref, topic, Events.BROADCAST,
                payload);
    }

    private static String text(ByteBuf frame, int at, int length) {
        return length == 0 ? "" : frame.toString(at, length, StandardCharsets.UTF_8);
    }

    @Override
    public ByteBuf encode(Message message, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(128);
        out.writeByte('[');
        JsonText.writeString(out, message.joinRef());
        out.writeByte(',');
        JsonText.writeString(out, message.ref());
        out.writeByte(',');
        JsonText.writeString(out, message.topic());
        out.writeByte(',');
        JsonText.writeString(out, message.event());
        out.writeByte(',');
        JsonText.writeNode(out, message.payload());
        out.writeByte(']');
        return out;
    }

    @Override
    public ByteBuf encodePush(String topic, String event, ByteBuf payloadJson, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(payloadJson.readableBytes() + topic.length() + event.length() + 24);
        JsonText.writeAscii(out, "[null,null,");
        JsonText.writeString(out, topic);
        out.writeByte(',');
        JsonText.writeString(out, event);
        out.writeByte(',');
        out.writeBytes(payloadJson, payloadJson.readerIndex(), payloadJson.readableBytes());
        out.writeByte(']');
        return out;
    }

    @Override
    public ByteBuf encodeBinaryBroadcast(String topic, String event, byte[] metaJson, ByteBuf payloadJson,
                                         ByteBufAllocator alloc) {
        return encodeBinaryBroadcast(topic, event, metaJson, payloadJson, false, alloc);
    }

    @Override
    public ByteBuf encodeBinaryBroadcast(String topic, String event, byte[] metaJson, ByteBuf payloadJson,
                                         boolean binaryPayload, ByteBufAllocator alloc) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] eventBytes = event.getBytes(StandardCharsets.UTF_8);
        if (topicBytes.length > MAX_FIELD || eventBytes.length > MAX_FIELD || metaJson.length > MAX_FIELD) {
            return null;
        }
        ByteBuf out = alloc.buffer(5 + topicBytes.length + eventBytes.length + metaJson.length
                + payloadJson.readableBytes());
        out.writeByte(KIND_USER_BROADCAST);
        out.writeByte(topicBytes.length);
        out.writeByte(eventBytes.length);
        out.writeByte(metaJson.length);
        out.writeByte(binaryPayload ? ENCODING_BINARY : ENCODING_JSON);
        out.writeBytes(topicBytes);
        out.writeBytes(eventBytes);
        out.writeBytes(metaJson);
        out.writeBytes(payloadJson, payloadJson.readerIndex(), payloadJson.readableBytes());
        return out;
    }
}
