package com.menuca.promo.gateway.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.regex.Pattern;

/**
 * A named parameter of an {@link RpcFunction} and its PostgreSQL type. Values are read as PostgreSQL
 * reads a function argument: a JSON number, or text in the type's input syntax (query strings are
 * all text).
 *
 * @param name as the function declares it ({@code p_restaurant_id})
 * @param type the PostgreSQL type name, for messages ({@code bigint})
 */
public record RpcParameter(String name, String type) {
    private static final Pattern BIGINT = Pattern.compile("[+-]?\\d{1,19}");

    public static RpcParameter bigint(String name) {
        return new RpcParameter(name, "bigint");
    }

    /** The argument as a {@code bigint}. */
    public long asLong(JsonNode value) throws RpcException {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        String text = value.isTextual() ? value.textValue().strip() : value.toString();
        if (!BIGINT.matcher(text).matches()) {
            if (text.matches("[+-]?\\d+")) {
                throw new RpcException(HttpResponseStatus.BAD_REQUEST, "22003",
                        "value \"" + text + "\" is out of range for type " + type, null, null);
            }
            throw RpcException.invalidInput(type, value.isTextual() ? value.textValue() : text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RpcException(HttpResponseStatus.BAD_REQUEST, "22003",
                    "value \"" + text + "\" is out of range for type " + type, null, null);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
