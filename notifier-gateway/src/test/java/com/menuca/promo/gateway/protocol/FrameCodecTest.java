package com.menuca.promo.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden frames of both serializers, byte for byte, and what they refuse. */
class FrameCodecTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private static String text(ByteBuf buf) {
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void v1ReadsAJoinObjectAndWritesItsReplyAsAnObject() throws Exception {
        Message join = Vsn.V1.codec().decodeText("{\"topic\":\"realtime:restaurant:42:deals\",\"event\":\"phx_join\","
                + "\"payload\":{\"config\":{\"postgres_changes\":[]}},\"ref\":\"1\",\"join_ref\":\"1\"}");
        assertThat(join).extracting(Message::topic, Message::event, Message::ref, Message::joinRef)
                .containsExactly("realtime:restaurant:42:deals", "phx_join", "1", "1");
        String reply = text(Vsn.V1.codec().encode(new Message("1", "1", join.topic(), Events.REPLY,
                Replies.ok(json("{\"postgres_changes\":[]}"))), ALLOC));
        assertThat(reply).isEqualTo("{\"topic\":\"realtime:restaurant:42:deals\",\"event\":\"phx_reply\","
                + "\"payload\":{\"status\":\"ok\",\"response\":{\"postgres_changes\":[]}},\"ref\":\"1\",\"join_ref\":\"1\"}");
    }

    @Test
    void v2ReadsAnArrayAndWritesReplies() throws Exception {
        Message heartbeat = Vsn.V2.codec().decodeText("[null,\"7\",\"phoenix\",\"heartbeat\",{}]");
        assertThat(heartbeat).extracting(Message::joinRef, Message::ref, Message::topic, Message::event)
                .containsExactly(null, "7", "phoenix", "heartbeat");
        String reply = text(Vsn.V2.codec().encode(new Message(null, "7", "phoenix", Events.REPLY, Replies.ok()), ALLOC));
        assertThat(reply).isEqualTo("[null,\"7\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]");
    }

    @Test
    void errorRepliesCarryCodeAndReason() {
        String reply = text(Vsn.V2.codec().encode(new Message("3", "3", "realtime:x", Events.REPLY,
                Replies.error("InvalidFilter", "unknown operator 'like'")), ALLOC));
        assertThat(reply).isEqualTo("[\"3\",\"3\",\"realtime:x\",\"phx_reply\",{\"status\":\"error\","
                + "\"response\":{\"reason\":\"InvalidFilter: unknown operator 'like'\"}}]");
    }

    @Test
    void pushesWrapASharedPayloadWithNullRefsInBothSerializers() {
        ByteBuf payload = Unpooled.copiedBuffer("{\"ids\":[12],\"data\":{}}", StandardCharsets.UTF_8);
        assertThat(text(Vsn.V2.codec().encodePush("realtime:a\"b", "postgres_changes", payload, ALLOC)))
                .isEqualTo("[null,null,\"realtime:a\\\"b\",\"postgres_changes\",{\"ids\":[12],\"data\":{}}]");
        assertThat(text(Vsn.V1.codec().encodePush("realtime:a", "postgres_changes", payload, ALLOC)))
                .isEqualTo("{\"topic\":\"realtime:a\",\"event\":\"postgres_changes\",\"payload\":{\"ids\":[12],\"data\":{}},"
                        + "\"ref\":null,\"join_ref\":null}");
        assertThat(payload.readerIndex()).as("the shared payload is not consumed").isZero();
        payload.release();
    }

    @Test
    void pushesWriteTopicsExactlyAsJacksonQuotesThem() throws Exception {
        for (String topic : new String[] {"realtime:restaurant:42:deals", "realtime:caf\u00e9", "realtime:tab\there",
                "realtime:back\\slash", "realtime:del\u007f", "realtime:\u2603"}) {
            ByteBuf payload = Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8);
            assertThat(text(Vsn.V2.codec().encodePush(topic, "postgres_changes", payload, ALLOC)))
                    .isEqualTo("[null,null," + Json.mapper().writeValueAsString(topic) + ",\"postgres_changes\",{}]");
            payload.release();
        }
    }

    @Test
    void binaryBroadcastLengthsCountUtf8Bytes() {
        ByteBuf frame = Vsn.V2.codec().encodeBinaryBroadcast("realtime:caf\u00e9", "e", new byte[0],
                Unpooled.EMPTY_BUFFER, ALLOC);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        assertThat(bytes).isEqualTo(concat(new byte[] {4, 14, 1, 0, 1}, "realtime:caf\u00e9", "e"));
        assertThat(Vsn.V2.codec().encodeBinaryBroadcast("realtime:" + "\u00e9".repeat(124), "e", new byte[0],
                Unpooled.EMPTY_BUFFER, ALLOC)).as("a topic over 255 bytes of UTF-8 does not fit kind 4").isNull();
    }

    @Test
    void v2WritesBroadcastsAsBinaryKind4() {
        ByteBuf payload = Unpooled.copiedBuffer("{\"a\":1}", StandardCharsets.UTF_8);
        ByteBuf frame = Vsn.V2.codec().encodeBinaryBroadcast("realtime:deals", "deal_published",
                "{\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8), payload, ALLOC);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        frame.release();
        payload.release();
        byte[] expected = concat(new byte[] {4, 14, 14, 11, 1}, "realtime:deals", "deal_published", "{\"id\":\"e1\"}", "{\"a\":1}");
        assertThat(bytes).isEqualTo(expected);
        assertThat(Vsn.V1.codec().encodeBinaryBroadcast("t", "e", new byte[0], Unpooled.EMPTY_BUFFER, ALLOC))
                .as("1.0.0 has no binary frames").isNull();
    }

    @Test
    void v2ReadsAClientBroadcastPushOfKind3() throws Exception {
        byte[] frame = concat(new byte[] {3, 1, 1, 10, 5, 0, 1}, "4", "5", "realtime:x", "hello", "{\"n\":1}");
        Message message = Vsn.V2.codec().decodeBinary(Unpooled.wrappedBuffer(frame));
        assertThat(message).extracting(Message::joinRef, Message::ref, Message::topic, Message::event)
                .containsExactly("4", "5", "realtime:x", "broadcast");
        assertThat(message.payload()).isEqualTo(json("{\"type\":\"broadcast\",\"event\":\"hello\",\"payload\":{\"n\":1}}"));
    }

    @Test
    void malformedFramesAreProtocolErrorsWithAReason() {
        assertThatThrownBy(() -> Vsn.V2.codec().decodeText("not json")).isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("invalid JSON");
        assertThatThrownBy(() -> Vsn.V2.codec().decodeText("{\"topic\":\"x\"}")).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> Vsn.V2.codec().decodeText("[null,\"1\",\"t\",\"e\"]")).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> Vsn.V1.codec().decodeText("[null,\"1\",\"t\",\"e\",{}]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> Vsn.V1.codec().decodeText("{\"topic\":1,\"event\":\"e\"}")).hasMessageContaining("topic");
        assertThatThrownBy(() -> Vsn.V2.codec().decodeText("[null,\"1\",\"t\",\"e\",[1]]")).hasMessageContaining("payload");
        assertThatThrownBy(() -> Vsn.V1.codec().decodeBinary(Unpooled.wrappedBuffer(new byte[] {3})))
                .hasMessageContaining("vsn=2.0.0");
        assertThatThrownBy(() -> Vsn.V2.codec().decodeBinary(Unpooled.wrappedBuffer(new byte[] {9, 0, 0, 0, 0, 0, 0})))
                .hasMessageContaining("kind 9");
        assertThatThrownBy(() -> Vsn.V2.codec().decodeBinary(Unpooled.wrappedBuffer(new byte[] {3, 9, 0, 0, 0, 0, 1})))
                .hasMessageContaining("shorter than its header");
    }

    @Test
    void vsnParameterSelectsTheSerializer() {
        assertThat(Vsn.parse("2.0.0")).contains(Vsn.V2);
        assertThat(Vsn.parse("1.0.0")).contains(Vsn.V1);
        assertThat(Vsn.parse(null)).contains(Vsn.V1);
        assertThat(Vsn.parse("3.0.0")).isEmpty();
    }

    private static byte[] concat(byte[] header, String... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(header);
        for (String part : parts) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
