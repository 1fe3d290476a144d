package com.menuca.promo.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
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
    private static final byte[] PUSH_START = "[null,null,".getBytes(StandardCharsets.US_ASCII);

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
    public void writePushStart(ByteBuf out, String topic, String event) {
        out.writeBytes(PUSH_START);
        JsonText.writeString(out, topic);
        out.writeByte(',');
        JsonText.writeString(out, event);
        out.writeByte(',');
    }

    @Override
    public void writePushEnd(ByteBuf out) {
        out.writeByte(']');
    }

    @Override
    public boolean writeBinaryBroadcastStart(ByteBuf out, String topic, String event, byte[] metaJson,
                                             boolean binaryPayload) {
        int topicLength = ByteBufUtil.utf8Bytes(topic);
        int eventLength = ByteBufUtil.utf8Bytes(event);
        if (topicLength > MAX_FIELD || eventLength > MAX_FIELD || metaJson.length > MAX_FIELD) {
            return false;
        }
        out.writeByte(KIND_USER_BROADCAST);
        out.writeByte(topicLength);
        out.writeByte(eventLength);
        out.writeByte(metaJson.length);
        out.writeByte(binaryPayload ? ENCODING_BINARY : ENCODING_JSON);
        out.writeCharSequence(topic, StandardCharsets.UTF_8);
        out.writeCharSequence(event, StandardCharsets.UTF_8);
        out.writeBytes(metaJson);
        return true;
    }
}
