package com.menuca.promo.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.schemas.json.Json;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The JSON body of a PostgREST-style RPC call, as {@code supabase.rpc(name, args)} sends it. */
final class RpcArguments {
    private RpcArguments() {
    }

    /** A bad body: the HTTP 400 to answer, PostgREST-coded. */
    static final class Invalid extends Exception {
        private final String code;

        Invalid(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /** The id argument {@code name} (a whole number, or its digits as a string). */
    static long id(FullHttpRequest request, String name, String what) throws Invalid {
        JsonNode body;
        try {
            body = request.content().readableBytes() == 0 ? Json.mapper().createObjectNode()
                    : Json.mapper().readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Invalid("PGRST102", "body is not valid JSON");
        }
        JsonNode id = body.path(name);
        boolean valid = id.isTextual() ? id.asText().matches("\\d{1,18}") : id.isIntegralNumber() && id.canConvertToLong() && id.asLong() >= 0;
        if (!valid) {
            throw new Invalid("PGRST100", "body must be {\"" + name + "\": <" + what + " id>}");
        }
        return id.isTextual() ? Long.parseLong(id.asText()) : id.asLong();
    }
}
