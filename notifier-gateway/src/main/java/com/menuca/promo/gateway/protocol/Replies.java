package com.menuca.promo.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The payloads of replies and system messages. */
public final class Replies {
    private Replies() {
    }

    /** {@code {"status":"ok","response":<response>}}. */
    public static ObjectNode ok(JsonNode response) {
        ObjectNode payload = JsonText.MAPPER.createObjectNode();
        payload.put("status", "ok");
        payload.set("response", response == null ? JsonText.MAPPER.createObjectNode() : response);
        return payload;
    }

    public static ObjectNode ok() {
        return ok(null);
    }

    /**
     * {@code {"status":"error","response":{"reason":"<code>: <message>"}}}: realtime-js turns it into
     * {@code CHANNEL_ERROR} carrying the reason.
     */
    public static ObjectNode error(String code, String message) {
        ObjectNode response = JsonText.MAPPER.createObjectNode();
        response.put("reason", Echo.reason(code + ": " + message));
        ObjectNode payload = JsonText.MAPPER.createObjectNode();
        payload.put("status", "error");
        payload.set("response", response);
        return payload;
    }

    /** The {@code system} message that tells a client its changes subscription is live. */
    public static ObjectNode subscribedToPostgres(String channel) {
        ObjectNode payload = JsonText.MAPPER.createObjectNode();
        payload.put("message", "Subscribed to PostgreSQL");
        payload.put("status", "ok");
        payload.put("extension", "postgres_changes");
        payload.put("channel", channel);
        return payload;
    }

    /**
     * The {@code system} message that ends a resume: everything the channel missed has been sent
     * (before it), live events follow. realtime-js ignores it; a client that tracks resumes reads it.
     */
    public static ObjectNode resumed(String channel) {
        ObjectNode payload = JsonText.MAPPER.createObjectNode();
        payload.put("message", "Resumed: missed events replayed, live from here");
        payload.put("status", "ok");
        payload.put("extension", "resume");
        payload.put("channel", channel);
        return payload;
    }

    /** A {@code system} error about a channel (token expired, client too slow...). */
    public static ObjectNode systemError(String channel, String code, String message) {
        ObjectNode payload = JsonText.MAPPER.createObjectNode();
        payload.put("message", Echo.reason(code + ": " + message));
        payload.put("status", "error");
        payload.put("extension", "system");
        payload.put("channel", channel);
        return payload;
    }

    public static ObjectNode empty() {
        return JsonText.MAPPER.createObjectNode();
    }
}
