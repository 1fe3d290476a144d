package com.menuca.promo.gateway.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.menuca.promo.schemas.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Small JSON writing helpers shared by the two serializers. */
final class JsonText {
    static final ObjectMapper MAPPER = Json.mapper();
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private JsonText() {
    }

    /** Writes a JSON string literal, or null. */
    static void writeString(ByteBuf out, String value) {
        if (value == null) {
            out.writeBytes(NULL);
            return;
        }
        out.writeByte('"');
        if (needsNoEscape(value)) {
            // the usual case (channel names, event names): the characters are their own bytes
            out.writeCharSequence(value, StandardCharsets.US_ASCII);
        } else {
            out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(value));
        }
        out.writeByte('"');
    }

    /** Whether a string is ASCII that JSON writes as it is (no control character, quote or backslash). */
    private static boolean needsNoEscape(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    static void writeAscii(ByteBuf out, String ascii) {
        out.writeCharSequence(ascii, StandardCharsets.US_ASCII);
    }

    static void writeNode(ByteBuf out, JsonNode node) {
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
            MAPPER.writeValue((java.io.OutputStream) stream, node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON payload", e);
        }
    }

    /** A ref as sent by clients: a string, a number (some clients) or null. */
    static String refText(JsonNode node, String field) throws ProtocolException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual() || node.isNumber()) {
            return node.asText();
        }
        throw new ProtocolException(field + " must be a string or null, got " + node.getNodeType().name().toLowerCase());
    }

    static String requiredText(JsonNode node, String field) throws ProtocolException {
        if (node == null || !node.isTextual()) {
            throw new ProtocolException(field + " must be a string");
        }
        return node.asText();
    }

    static JsonNode payload(JsonNode node) throws ProtocolException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw new ProtocolException("payload must be a JSON object");
        }
        return node;
    }

    static JsonNode parse(String text) throws ProtocolException {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ProtocolException("invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
