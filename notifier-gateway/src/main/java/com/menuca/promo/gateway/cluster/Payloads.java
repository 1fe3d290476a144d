package com.menuca.promo.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import java.io.IOException;
import java.util.concurrent.CompletionException;

/** Small helpers of the client message handlers (socket and HTTP). */
public final class Payloads {
    private Payloads() {
    }

    /** The size of a payload as JSON, in UTF-8 bytes (what its limit counts). */
    public static int jsonSize(JsonNode json) {
        try {
            return Json.mapper().writeValueAsBytes(json).length;
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** The message of what failed a send, without the future's wrapping. */
    public static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
