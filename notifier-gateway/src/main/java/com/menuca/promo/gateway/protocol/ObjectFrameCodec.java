package com.menuca.promo.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** {@code vsn=1.0.0}: one {@code {"topic","event","payload","ref","join_ref"}} object per text frame. */
final class ObjectFrameCodec implements FrameCodec {
    static final ObjectFrameCodec INSTANCE = new ObjectFrameCodec();

    private ObjectFrameCodec() {
    }

    @Override
    public Vsn vsn() {
        return Vsn.V1;
    }

    @Override
    public Message decodeText(String text) throws ProtocolException {
        JsonNode node = JsonText.parse(text);
        if (!node.isObject()) {
            throw new ProtocolException("vsn 1.0.0 expects a JSON object {topic, event, payload, ref, join_ref}");
        }
        return new Message(JsonText.refText(node.get("join_ref"), "join_ref"), JsonText.refText(node.get("ref"), "ref"),
                JsonText.requiredText(node.get("topic"), "topic"), JsonText.requiredText(node.get("event"), "event"),
                JsonText.payload(node.get("payload")));
    }

    @Override
    public Message decodeBinary(ByteBuf frame) throws ProtocolException {
        throw new ProtocolException("binary frames need vsn=2.0.0");
    }

    @Override
    public ByteBuf encode(Message message, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(128);
        JsonText.writeAscii(out, "{\"topic\":");
        JsonText.writeString(out, message.topic());
        JsonText.writeAscii(out, ",\"event\":");
        JsonText.writeString(out, message.event());
        JsonText.writeAscii(out, ",\"payload\":");
        JsonText.writeNode(out, message.payload());
        JsonText.writeAscii(out, ",\"ref\":");
        JsonText.writeString(out, message.ref());
        JsonText.writeAscii(out, ",\"join_ref\":");
        JsonText.writeString(out, message.joinRef());
        out.writeByte('}');
        return out;
    }

    @Override
    public void writePushStart(ByteBuf out, String topic, String event) {
        JsonText.writeAscii(out, "{\"topic\":");
        JsonText.writeString(out, topic);
        JsonText.writeAscii(out, ",\"event\":");
        JsonText.writeString(out, event);
        JsonText.writeAscii(out, ",\"payload\":");
    }

    @Override
    public void writePushEnd(ByteBuf out) {
        JsonText.writeAscii(out, ",\"ref\":null,\"join_ref\":null}");
    }

    @Override
    public boolean writeBinaryBroadcastStart(ByteBuf out, String topic, String event, byte[] metaJson,
                                             boolean binaryPayload) {
        return false;
    }
}
