package com.menuca.promo.gateway.rpc;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A call that fails, as PostgREST reports it: an HTTP status and a body of {@code code} (a
 * PostgreSQL SQLSTATE or PostgREST's {@code PGRSTnnn}), {@code message}, {@code details} and
 * {@code hint} (both may be null).
 */
public final class RpcException extends Exception {
    private final HttpResponseStatus status;
    private final String code;
    private final String details;
    private final String hint;

    public RpcException(HttpResponseStatus status, String code, String message, String details, String hint) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
        this.hint = hint;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The response body, keys in PostgREST's order. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("details", details);
        body.put("hint", hint);
        body.put("message", getMessage());
        return body;
    }

    /** {@code 22P02}: a value PostgreSQL could not read as the parameter's type. */
    static RpcException invalidInput(String type, String text) {
        return new RpcException(HttpResponseStatus.BAD_REQUEST, "22P02",
                "invalid input syntax for type " + type + ": \"" + text + "\"", null, null);
    }

    /** {@code 42703}: a column the function's rows do not have. */
    static RpcException noSuchColumn(String function, String column) {
        return new RpcException(HttpResponseStatus.BAD_REQUEST, "42703",
                "column " + function + "." + column + " does not exist", null, null);
    }

    /** {@code PGRST100}: a query string parameter that cannot be parsed. */
    static RpcException badQuery(String message, String details) {
        return new RpcException(HttpResponseStatus.BAD_REQUEST, "PGRST100", message, details, null);
    }
}
