package com.menuca.promo.bench.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The scalar fields of a pushed message the load generator checks, read with a streaming parser:
 * every scalar of an object, by its dotted path ({@code data.table}, {@code data.record.restaurant_id},
 * {@code payload.data.order_id}), down to three levels; arrays ({@code columns}, {@code ids}) are
 * skipped. A frame that is not well-formed JSON throws, which the client counts as a bad frame.
 */
final class FrameFields {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_DEPTH = 3;
    /** The push's topic and event, apart from the payload's own fields. */
    static final String TOPIC = "@topic";
    static final String EVENT = "@event";

    private final Map<String, String> values = new HashMap<>();

    private FrameFields() {
    }

    /**
     * Reads a vsn 2.0.0 push {@code [join_ref, ref, topic, event, payload]}: topic and event as
     * {@link #TOPIC} and {@link #EVENT}, and the payload's fields by path.
     */
    static FrameFields ofPush(byte[] json, int offset, int length) throws IOException {
        FrameFields fields = new FrameFields();
        try (JsonParser parser = JSON.createParser(json, offset, length)) {
            expect(parser.nextToken(), JsonToken.START_ARRAY);
            parser.nextToken();
            parser.skipChildren();
            parser.nextToken();
            parser.skipChildren();
            expect(parser.nextToken(), JsonToken.VALUE_STRING);
            fields.values.put(TOPIC, parser.getText());
            expect(parser.nextToken(), JsonToken.VALUE_STRING);
            fields.values.put(EVENT, parser.getText());
            JsonToken payload = parser.nextToken();
            if (payload == JsonToken.START_OBJECT) {
                fields.readObject(parser, "", 1);
            } else {
                parser.skipChildren();
            }
            expect(parser.nextToken(), JsonToken.END_ARRAY);
        }
        return fields;
    }

    /**
     * Reads a binary broadcast as its text form would read: {@code event} its name, its payload
     * (the JSON object) under {@code payload.}.
     */
    static FrameFields ofBroadcast(String topic, String name, byte[] json, int offset, int length) throws IOException {
        FrameFields fields = new FrameFields();
        fields.values.put(TOPIC, topic);
        fields.values.put(EVENT, "broadcast");
        fields.values.put("event", name);
        try (JsonParser parser = JSON.createParser(json, offset, length)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            fields.readObject(parser, "payload.", 2);
        }
        return fields;
    }

    private void readObject(JsonParser parser, String prefix, int depth) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT) {
                if (depth < MAX_DEPTH) {
                    readObject(parser, name + ".", depth + 1);
                } else {
                    parser.skipChildren();
                }
            } else if (value == JsonToken.START_ARRAY) {
                parser.skipChildren();
            } else if (value != JsonToken.VALUE_NULL) {
                values.put(name, parser.getText());
            }
        }
        expect(token, JsonToken.END_OBJECT);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }

    /** The value at {@code path}, or null when absent or JSON null. */
    String get(String path) {
        return values.get(path);
    }

    /** The value at {@code path} as a number; -1 when absent. Numbers may come as JSON numbers or text. */
    long number(String path) {
        String value = values.get(path);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
