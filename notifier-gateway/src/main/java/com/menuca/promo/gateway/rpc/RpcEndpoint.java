package com.menuca.promo.gateway.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.rest.HttpResponses;
import com.menuca.promo.schemas.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /rest/v1/rpc/<function>} as PostgREST serves a function of the exposed schema
 * {@code menuca_v3}, checking in PostgREST's order: the method ({@code GET}, {@code HEAD},
 * {@code POST}), the schema header ({@code Accept-Profile} / {@code Content-Profile}), the caller's
 * token ({@code Authorization: Bearer}, else the {@code apikey} header), the function and its
 * arguments (a JSON object body, or the query string), the media type asked for, then the result
 * shaping of the query string. Answers are JSON; {@code Accept: application/vnd.pgrst.object+json}
 * (supabase-js {@code .single()}) asks for exactly one row. Errors carry {@code code},
 * {@code details}, {@code hint} and {@code message} with PostgREST's status codes.
 */
public final class RpcEndpoint {
    private static final Logger LOGGER = LoggerFactory.getLogger(RpcEndpoint.class);
    /** Where functions are served. */
    public static final String PREFIX = "/rest/v1/rpc/";
    /** The one schema exposed: the tables and functions of the promotions entity. */
    public static final String SCHEMA = "menuca_v3";
    private static final String SINGLE_OBJECT = "application/vnd.pgrst.object+json";
    private static final String ARRAY = "application/vnd.pgrst.array+json";
    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final TokenVerifier verifier;
    private final Map<String, RpcFunction> functions = new LinkedHashMap<>();

    public RpcEndpoint(TokenVerifier verifier, List<RpcFunction> served) {
        this.verifier = verifier;
        served.forEach(function -> functions.put(function.name(), function));
    }

    /** The functions served, in the order given. */
    public List<RpcFunction> functions() {
        return List.copyOf(functions.values());
    }

    /** Handles a request whose path starts with {@link #PREFIX}; answers on {@code ctx}, possibly later. */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        // the request is released when the handler returns; an answer computed later needs only its head
        HttpRequest head = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                request.headers().copy());
        Prepared call;
        try {
            call = prepare(request);
        } catch (RpcException e) {
            error(ctx, head, e);
            return;
        }
        CompletableFuture<JsonNode> result;
        try {
            result = call.function().call(call.caller(), call.arguments());
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((value, failure) -> {
            if (ctx.executor().inEventLoop()) {
                respond(ctx, head, call, value, failure);
            } else {
                ctx.executor().execute(() -> respond(ctx, head, call, value, failure));
            }
        });
    }

    /** A call ready to run: everything in the request checked. */
    private record Prepared(RpcFunction function, Principal caller, Map<String, JsonNode> arguments, RowQuery query,
                            boolean single, boolean stripNulls, boolean count) {
    }

    private Prepared prepare(FullHttpRequest request) throws RpcException {
        HttpMethod method = request.method();
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (!read && !method.equals(HttpMethod.POST)) {
            throw new RpcException(HttpResponseStatus.METHOD_NOT_ALLOWED, "PGRST101",
                    "Cannot use the " + method.name() + " method on RPC", null, null);
        }
        checkSchema(request.headers(), read ? "Accept-Profile" : "Content-Profile");
        Principal caller = authenticate(request.headers());
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String name = query.path().substring(PREFIX.length());
        Map<String, List<String>> rest = new LinkedHashMap<>(query.parameters());
        Map<String, JsonNode> arguments = read ? queryArguments(rest, name) : bodyArguments(request);
        RpcFunction function = function(name, arguments);
        RowQuery shaping;
        if (function.returnsRows()) {
            shaping = RowQuery.parse(rest, function);
        } else if (!rest.isEmpty()) {
            throw RpcException.badQuery(name + " returns one value, not rows: select, order, limit, offset and filters "
                    + "do not apply", "query parameters: " + String.join(", ", rest.keySet()));
        } else {
            shaping = RowQuery.parse(Map.of(), function);
        }
        Accept accept = accept(request.headers().get(HttpHeaderNames.ACCEPT));
        boolean count = request.headers().getAll("Prefer").stream().anyMatch(p -> p.contains("count=exact"));
        return new Prepared(function, caller, arguments, shaping, accept.single(), accept.stripNulls(), count);
    }

    private static void checkSchema(HttpHeaders headers, String header) throws RpcException {
        String profile = headers.get(header);
        if (profile != null && !profile.strip().equals(SCHEMA)) {
            throw new RpcException(HttpResponseStatus.NOT_ACCEPTABLE, "PGRST106", "Invalid schema: " + profile.strip(),
                    null, "Only the following schemas are exposed: " + SCHEMA);
        }
    }

    private Principal authenticate(HttpHeaders headers) throws RpcException {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : headers.get("apikey");
        if (token == null || token.isBlank()) {
            throw new RpcException(HttpResponseStatus.UNAUTHORIZED, "PGRST302", "No API key found in request", null,
                    "Send the project's publishable (or anon) key as the apikey header, and a user's token as "
                            + "Authorization: Bearer <token>.");
        }
        try {
            return verifier.verify(token);
        } catch (AuthException e) {
            boolean expired = e.getMessage().equals("token expired");
            throw new RpcException(HttpResponseStatus.UNAUTHORIZED, expired ? "PGRST303" : "PGRST301",
                    expired ? "JWT expired" : e.getMessage(), null, null);
        }
    }

    /** GET: parameters named like one of the function's are its arguments; the others filter or shape rows. */
    private Map<String, JsonNode> queryArguments(Map<String, List<String>> parameters, String name) throws RpcException {
        RpcFunction function = functions.get(name);
        Map<String, JsonNode> arguments = new LinkedHashMap<>();
        Iterator<Map.Entry<String, List<String>>> it = parameters.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, List<String>> parameter = it.next();
            String key = parameter.getKey();
            boolean isArgument = function != null && function.parameters().stream().anyMatch(p -> p.name().equals(key));
            boolean isColumn = function != null && function.columns().stream().anyMatch(c -> c.name().equals(key));
            if (isArgument || !RowQuery.RESERVED.contains(key) && !isColumn) {
                if (parameter.getValue().size() > 1) {
                    throw RpcException.badQuery("argument " + key + " given " + parameter.getValue().size() + " times",
                            "give each argument once");
                }
                arguments.put(key, Json.mapper().getNodeFactory().textNode(parameter.getValue().get(0)));
                it.remove();
            }
        }
        return arguments;
    }

    /** POST: a JSON object of arguments (no body: none). */
    private static Map<String, JsonNode> bodyArguments(FullHttpRequest request) throws RpcException {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null && !mediaType(contentType).equals("application/json")) {
            throw new RpcException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "PGRST107",
                    "Content-Type not acceptable: " + contentType, null, "Send the arguments as application/json.");
        }
        Map<String, JsonNode> arguments = new LinkedHashMap<>();
        if (request.content().readableBytes() == 0) {
            return arguments;
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RpcException(HttpResponseStatus.BAD_REQUEST, "PGRST102", "Empty or invalid json", null, null);
        }
        if (body == null || body.isMissingNode()) {
            return arguments;
        }
        if (!body.isObject()) {
            throw new RpcException(HttpResponseStatus.BAD_REQUEST, "PGRST102",
                    "the body must be one JSON object of arguments", null, "{\"p_restaurant_id\": 42}");
        }
        body.fields().forEachRemaining(field -> arguments.put(field.getKey(), field.getValue()));
        return arguments;
    }

    /** The function of that name taking exactly these arguments, as PostgREST resolves an overload. */
    private RpcFunction function(String name, Map<String, JsonNode> arguments) throws RpcException {
        RpcFunction function = functions.get(name);
        TreeSet<String> given = new TreeSet<>(arguments.keySet());
        if (function != null && given.equals(new TreeSet<>(function.parameters().stream().map(RpcParameter::name).toList()))) {
            return function;
        }
        String wanted = SCHEMA + "." + name + (given.isEmpty() ? " without parameters" : "(" + String.join(", ", given) + ")");
        String hint = function != null ? "Perhaps you meant to call the function " + function.signature(SCHEMA)
                : "This gateway serves " + String.join(", ", functions.values().stream()
                        .map(f -> f.signature(SCHEMA)).toList());
        throw new RpcException(HttpResponseStatus.NOT_FOUND, "PGRST202",
                "Could not find the function " + wanted + " in the schema cache",
                "Searched for the function " + wanted + (given.isEmpty() ? "" : " with parameter" + (given.size() > 1 ? "s " : " ")
                        + String.join(", ", given)) + ", but no matches were found in the schema cache.", hint);
    }

    private record Accept(boolean single, boolean stripNulls) {
    }

    /** What the client asks for: a JSON array (default), one object, nulls stripped or not. */
    private static Accept accept(String header) throws RpcException {
        if (header == null || header.isBlank()) {
            return new Accept(false, false);
        }
        for (String range : header.split(",")) {
            String type = mediaType(range);
            boolean stripNulls = range.toLowerCase(Locale.ROOT).replace(" ", "").contains("nulls=stripped");
            switch (type) {
                case "*/*", "application/*", "application/json", ARRAY -> {
                    return new Accept(false, stripNulls);
                }
                case SINGLE_OBJECT -> {
                    return new Accept(true, stripNulls);
                }
                default -> {
                    // try the next one
                }
            }
        }
        throw new RpcException(HttpResponseStatus.NOT_ACCEPTABLE, "PGRST107",
                "None of these media types are available: " + header, null, "application/json or " + SINGLE_OBJECT);
    }

    private static String mediaType(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest head, Prepared call, JsonNode value, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RpcException e) {
                error(ctx, head, e);
            } else {
                LOGGER.warn("RPC {} failed: {}", call.function().name(), cause.toString(), cause);
                error(ctx, head, new RpcException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "XX000",
                        call.function().name() + " failed inside the gateway", null, "Retry; the gateway's log says why."));
            }
            return;
        }
        JsonNode body = value == null ? Json.mapper().nullNode() : value;
        String range = null;
        if (call.function().returnsRows()) {
            RowQuery.Result rows = call.query().apply((ArrayNode) body);
            body = rows.rows();
            int n = rows.rows().size();
            range = (n == 0 ? "*" : call.query().firstIndex() + "-" + (call.query().firstIndex() + n - 1))
                    + "/" + (call.count() ? String.valueOf(rows.total()) : "*");
            if (call.single()) {
                if (n != 1) {
                    error(ctx, head, new RpcException(HttpResponseStatus.NOT_ACCEPTABLE, "PGRST116",
                            "Cannot coerce the result to a single JSON object", "The result contains " + n + " rows", null));
                    return;
                }
                body = rows.rows().get(0);
            }
        }
        if (call.stripNulls()) {
            stripNulls(body);
        }
        byte[] bytes;
        try {
            bytes = head.method().equals(HttpMethod.HEAD) ? new byte[0] : Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            error(ctx, head, new RpcException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "XX000",
                    "the result of " + call.function().name() + " could not be written", null, null));
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, call.single() ? SINGLE_OBJECT + "; charset=utf-8" : JSON_UTF8);
        if (range != null) {
            response.headers().set(HttpHeaderNames.CONTENT_RANGE, range);
            response.headers().set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Content-Range");
        }
        HttpResponses.send(ctx, head, response);
    }

    private static void stripNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> nulls = new java.util.ArrayList<>();
            object.fields().forEachRemaining(field -> {
                if (field.getValue().isNull()) {
                    nulls.add(field.getKey());
                }
            });
            object.remove(nulls);
            object.forEach(RpcEndpoint::stripNulls);
        } else if (node instanceof ArrayNode array) {
            array.forEach(RpcEndpoint::stripNulls);
        }
    }

    private static void error(ChannelHandlerContext ctx, HttpRequest head, RpcException e) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(e.body());
        } catch (JsonProcessingException impossible) {
            bytes = "{}".getBytes(StandardCharsets.US_ASCII);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, e.status(),
                Unpooled.wrappedBuffer(head.method().equals(HttpMethod.HEAD) ? new byte[0] : bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON_UTF8);
        if (e.status().equals(HttpResponseStatus.UNAUTHORIZED) && !e.code().equals("PGRST302")) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\""
                    + e.getMessage().replace("\"", "'") + "\"");
        }
        HttpResponses.send(ctx, head, response);
    }
}
