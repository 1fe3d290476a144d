package com.menuca.promo.gateway.feed;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.cdc.ChangeSource;
import com.menuca.promo.schemas.cdc.Op;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;

/**
 * Reads the feed's records with Jackson's streaming parser, building only what the gateway uses of
 * them: every record is read once per gateway (and once per replay), so what is not needed is skipped
 * rather than turned into objects. Malformed JSON is refused as the full readers refuse it.
 */
public final class FeedRecords {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private FeedRecords() {
    }

    /**
     * A change topic record (Debezium's envelope): {@code op}, the row images as JSON objects,
     * {@code ts_ms}, and of the {@code source} block only {@code ts_ms} (the commit time, the one field
     * of it the gateway sends): its other fields are left null. Unknown fields are ignored, as
     * {@link Json#mapper()} ignores them.
     *
     * @return the change, or null for a JSON {@code null}
     */
    public static ChangeEvent<ObjectNode> change(byte[] value) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(value)) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "a change record must be a JSON object, got " + token);
            }
            Op op = null;
            ObjectNode before = null;
            ObjectNode after = null;
            ChangeSource source = null;
            long tsMs = 0;
            String field;
            while ((field = parser.nextFieldName()) != null) {
                token = parser.nextToken();
                switch (field) {
                    case "op" -> op = token == JsonToken.VALUE_NULL ? null : Op.ofCode(text(parser, field));
                    case "before" -> before = row(parser, field);
                    case "after" -> after = row(parser, field);
                    case "source" -> source = source(parser);
                    case "ts_ms" -> tsMs = longValue(parser, field);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new JsonParseException(parser, "a change record must be a JSON object");
            }
            return new ChangeEvent<>(op, before, after, source, tsMs);
        }
    }

    /**
     * A derived topic record's key or value with its top-level fields only, which is all the gateway
     * reads of it (routing ids, event id and time, the policy's event filters): a nested object or
     * array stands as an empty one (reading as text it is empty either way). The record's bytes are
     * forwarded as they are.
     *
     * @return the JSON, top level only; a value that is not an object as the full reader reads it
     *         (a {@link com.fasterxml.jackson.databind.node.MissingNode} for no content)
     */
    public static JsonNode topLevel(byte[] bytes) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(bytes)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                return MAPPER.readTree(bytes);
            }
            ObjectNode object = NODES.objectNode();
            String field;
            while ((field = parser.nextFieldName()) != null) {
                object.replace(field, scalar(parser, parser.nextToken()));
            }
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                throw new JsonParseException(parser, "unexpected " + parser.currentToken());
            }
            return object;
        }
    }

    private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                parser.skipChildren();
                yield NODES.objectNode();
            }
            case START_ARRAY -> {
                parser.skipChildren();
                yield NODES.arrayNode();
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "unexpected " + token);
        };
    }

    private static ObjectNode row(JsonParser parser, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new JsonParseException(parser, "'" + field + "' must be a JSON object or null, got " + token);
        }
        return (ObjectNode) MAPPER.readTree(parser);
    }

    private static ChangeSource source(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new JsonParseException(parser, "'source' must be a JSON object or null, got " + token);
        }
        long tsMs = 0;
        String field;
        while ((field = parser.nextFieldName()) != null) {
            parser.nextToken();
            if (field.equals("ts_ms")) {
                tsMs = longValue(parser, "source.ts_ms");
            } else {
                parser.skipChildren();
            }
        }
        return new ChangeSource(null, null, null, tsMs, null, null, null, null, null, null);
    }

    private static String text(JsonParser parser, String field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new JsonParseException(parser, "'" + field + "' must be a string, got " + parser.currentToken());
        }
        return parser.getText();
    }

    /** A long as Jackson reads one into a {@code long}: a number, digits in a string, null as 0. */
    private static long longValue(JsonParser parser, String field) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getValueAsLong();
            case VALUE_NULL -> 0;
            case VALUE_STRING -> {
                try {
                    yield Long.parseLong(parser.getText().trim());
                } catch (NumberFormatException e) {
                    throw new JsonParseException(parser, "'" + field + "' is not a number: " + parser.getText());
                }
            }
            default -> throw new JsonParseException(parser, "'" + field + "' must be a number, got " + token);
        };
    }
}
