package com.menuca.promo.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.ClientMessageLimits;
import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.channel.ChannelNames;
import com.menuca.promo.gateway.cluster.ClusterLink;
import com.menuca.promo.gateway.cluster.Payloads;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.ratelimit.KeyedRateLimiter;
import com.menuca.promo.schemas.gateway.ClientBroadcast;
import com.menuca.promo.schemas.gateway.PayloadEncoding;
import com.menuca.promo.schemas.json.Json;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Supabase Realtime's HTTP broadcast endpoint, for backends (and realtime-js's {@code httpSend()}
 * and REST fallback of {@code send()}):
 * <ul>
 *   <li>{@code POST /realtime/v1/api/broadcast} with {@code {"messages": [{"topic", "event",
 *       "payload", "private", "id"}]}}: {@code topic} is the channel name without {@code realtime:},
 *       {@code payload} any JSON, {@code private} a boolean (every channel here is governed by the
 *       policy either way), {@code id} an optional string delivered as {@code meta.id};</li>
 *   <li>{@code POST /realtime/v1/api/broadcast/<topic>/events/<event>} with the payload as the body:
 *       JSON, or bytes with {@code Content-Type: application/octet-stream}.</li>
 * </ul>
 * The credential is {@code Authorization: Bearer <jwt>} or the {@code apikey} header, verified like
 * a socket's. Every message needs the broadcast write right of the policy on its channel; the whole
 * request is refused (403, nothing sent) if one lacks it. 202 once Kafka has every message, so a 202
 * means every gateway will deliver them. Errors: {@code {"message": "..."}} with 401, 403, 405, 413,
 * 422 (a malformed request), 429 (over {@code gateway.broadcast.http.per.second} for the credential)
 * or 503 (Kafka did not take them).
 */
@ChannelHandler.Sharable
public final class BroadcastApi extends SimpleChannelInboundHandler<FullHttpRequest> {
    public static final String PATH = "/realtime/v1/api/broadcast";
    /** Credentials whose rate is remembered at once (least recently seen forgotten first). */
    private static final int RATE_KEYS = 10_000;
    private static final int MAX_NAME_BYTES = 255;

    private final TokenVerifier verifier;
    private final Policy policy;
    private final ClusterLink cluster;
    private final ClientMessageLimits limits;
    private final KeyedRateLimiter rates;
    private final LongSupplier nanoClock;

    public BroadcastApi(TokenVerifier verifier, Policy policy, ClusterLink cluster, LongSupplier nanoClock) {
        super(false);
        this.verifier = verifier;
        this.policy = policy;
        this.cluster = cluster;
        this.limits = cluster.limits();
        this.nanoClock = nanoClock;
        this.rates = new KeyedRateLimiter(limits.httpBroadcastsPerSecond(), limits.httpBroadcastsPerSecond(), RATE_KEYS);
    }

    /** One message to send, as read from the request. */
    private record Outgoing(String topic, String event, PayloadEncoding encoding, Object payload, String id) {
    }

    /** A request that cannot be served, with its status and message. */
    private static final class Refused extends Exception {
        private final HttpResponseStatus status;

        Refused(HttpResponseStatus status, String message) {
            super(message);
            this.status = status;
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        if (!(path.equals(PATH) || path.startsWith(PATH + "/")) || request.method().equals(HttpMethod.OPTIONS)) {
            ctx.fireChannelRead(request); // others' requests and CORS preflights
            return;
        }
        try {
            // the credential first: a caller without a valid one learns nothing about its request
            Principal principal = principal(request);
            List<Outgoing> messages = read(request, path);
            Access access = policy.accessFor(principal);
            for (Outgoing message : messages) {
                String channel = ChannelNames.resolve(message.topic()).canonical();
                if (!access.channelRights(channel).broadcastWrite()) {
                    throw new Refused(HttpResponseStatus.FORBIDDEN, "Unauthorized: role '" + principal.role()
                            + "' may not broadcast on channel '" + channel + "'");
                }
            }
            if (!rates.tryTake(credentialKey(principal, request), messages.size(), nanoClock.getAsLong())) {
                throw new Refused(HttpResponseStatus.TOO_MANY_REQUESTS, "RateLimited: more than "
                        + limits.httpBroadcastsPerSecond() + " messages per second for this credential");
            }
            send(ctx, request, messages);
        } catch (Refused refused) {
            cluster.metrics().refused("http", String.valueOf(refused.status.code()));
            HttpResponses.json(ctx, request, refused.status, Map.of("message", refused.getMessage()), false);
        } finally {
            request.release();
        }
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest request, List<Outgoing> messages) {
        List<CompletableFuture<Void>> sent = new ArrayList<>(messages.size());
        Instant now = Instant.now();
        for (Outgoing message : messages) {
            sent.add(cluster.broadcast(new ClientBroadcast(ChannelNames.resolve(message.topic()).canonical(), message.event(),
                    message.encoding(), message.payload(), message.id(), null, false, now)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).whenComplete((ok, error) ->
                ctx.executor().execute(() -> {
                    if (error != null) {
                        cluster.metrics().refused("http", "503");
                        HttpResponses.json(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
                                Map.of("message", "Unavailable: " + Payloads.rootMessage(error)), false);
                    } else {
                        messages.forEach(m -> cluster.metrics().broadcastAccepted("http"));
                        // headers stay readable after the request's content was released
                        HttpResponses.bytes(ctx, request, HttpResponseStatus.ACCEPTED, "application/json",
                                Unpooled.EMPTY_BUFFER, false);
                    }
                }));
    }

    private Principal principal(FullHttpRequest request) throws Refused {
        try {
            return verifier.verify(credential(request));
        } catch (AuthException e) {
            throw new Refused(HttpResponseStatus.UNAUTHORIZED, e.getMessage());
        }
    }

    /** {@code Authorization: Bearer <jwt>} (a user's token), else the {@code apikey} header, as supabase-js sends them. */
    private static String credential(FullHttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : request.headers().get("apikey");
    }

    /** The rate limit's key: the token's subject, else (a shared key) a digest of the credential itself. */
    private static String credentialKey(Principal principal, FullHttpRequest request) {
        if (principal.subject() != null) {
            return "sub:" + principal.subject();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    String.valueOf(credential(request)).getBytes(StandardCharsets.UTF_8));
            return "key:" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Outgoing> read(FullHttpRequest request, String path) throws Refused {
        if (!request.method().equals(HttpMethod.POST)) {
            throw new Refused(HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST");
        }
        if (path.equals(PATH)) {
            return batch(json(request));
        }
        // /realtime/v1/api/broadcast/<topic>/events/<event>
        String[] parts = path.substring(PATH.length() + 1).split("/", -1);
        if (parts.length != 3 || !parts[1].equals("events")) {
            throw new Refused(HttpResponseStatus.NOT_FOUND, "not found: use " + PATH + " or " + PATH
                    + "/<topic>/events/<event>");
        }
        String topic = name(decode(parts[0]), "topic");
        String event = name(decode(parts[2]), "event");
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json");
        if (type.startsWith("application/octet-stream")) {
            byte[] bytes = ByteBufUtil.getBytes(request.content());
            size(bytes.length);
            return List.of(new Outgoing(topic, event, PayloadEncoding.BINARY, Base64.getEncoder().encodeToString(bytes), null));
        }
        if (!type.startsWith("application/json")) {
            throw new Refused(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send application/json or application/octet-stream");
        }
        JsonNode payload = json(request);
        return List.of(new Outgoing(topic, event, PayloadEncoding.JSON, payload(payload), null));
    }

    private List<Outgoing> batch(JsonNode body) throws Refused {
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new Refused(HttpResponseStatus.UNPROCESSABLE_ENTITY, "messages: a non-empty list of {topic, event, payload} is required");
        }
        if (messages.size() > limits.httpMaxMessages()) {
            throw new Refused(HttpResponseStatus.UNPROCESSABLE_ENTITY, messages.size() + " messages; at most "
                    + limits.httpMaxMessages() + " per request");
        }
        List<Outgoing> outgoing = new ArrayList<>(messages.size());
        int index = 0;
        for (JsonNode message : messages) {
            String at = "messages[" + index++ + "]";
            if (!message.isObject()) {
                throw new Refused(HttpResponseStatus.UNPROCESSABLE_ENTITY, at + " must be an object");
            }
            String topic = name(text(message, "topic", at), at + ".topic");
            String event = name(text(message, "event", at), at + ".event");
            if (!message.has("payload")) {
                throw new Refused(HttpResponseStatus.UNPROCESSABLE_ENTITY, at + ".payload is required");
            }
            JsonNode isPrivate = message.path("private");
            if (!isPrivate.isMissingNode() && !isPrivate.isNull() && !isPrivate.isBoolean()) {
                throw new Refused(HttpResponseStatus.UNPROCESSABLE_ENTITY, at + ".private must be true or false");
            }
            String id = null;
            JsonNode idNode = message.path("id");
            if (!idNode.isMissingNode() && !idNode.isNull()) {
                id = name(idNode.isTextual() ? idNode.asText() : null, at + ".id");
            }
            outgoing.add(new Outgoing(topic, event, PayloadEncoding.JSON, payload(message.get("payload")), id));
        }
        return outgoing;
    }

    private Object payload(JsonNode payload) throws Refused {
        size(Payloads.jsonSize(payload));
        return Json.mapper().convertValue(payload, Object.class);
    }

    private void size(int bytes) throws Refused {
        if (bytes > limits.broadcastMaxBytes()) {
            throw new Refused(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "PayloadTooLarge: broadcast payload of "
                    + bytes + " bytes; at most " + limits.broadcastMaxBytes());
        }
    }

    private static String text(JsonNode message, String field, String at) throws Refused {
        JsonNode node = message.path(field);
        if (!node.isTextual()) {
            throw new Refused(HttpResponseStatus.UNPROCESSABLE_ENTITY, at + "." + field + " must be a string");
        }
        return node.asText();
    }

    private static String name(String value, String field) throws Refused {
        if (value == null || value.isEmpty() || value.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new Refused(HttpResponseStatus.UNPROCESSABLE_ENTITY, field + " must be a string of 1 to "
                    + MAX_NAME_BYTES + " bytes");
        }
        return value;
    }

    private static String decode(String segment) throws Refused {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused(HttpResponseStatus.BAD_REQUEST, "malformed path: " + e.getMessage());
        }
    }

    private static JsonNode json(FullHttpRequest request) throws Refused {
        try {
            JsonNode node = Json.mapper().readTree(ByteBufUtil.getBytes(request.content()));
            if (node == null || node.isMissingNode()) {
                throw new Refused(HttpResponseStatus.BAD_REQUEST, "the body must be JSON");
            }
            return node;
        } catch (IOException e) {
            throw new Refused(HttpResponseStatus.BAD_REQUEST, "the body is not JSON");
        }
    }

}
