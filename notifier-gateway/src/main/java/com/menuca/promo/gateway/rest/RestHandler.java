package com.menuca.promo.gateway.rest;

import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.feed.LatestValues;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.policy.Policy;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plain HTTP request on the client port: the {@code get_live_deal_performance} and
 * {@code get_customer_redemptions} RPCs (PostgREST-shaped, so {@code supabase.rpc(...)} works), the
 * operator view's {@code /ops/v1/metrics} (for operator tokens, same origin only), CORS preflights, and
 * static files for anything else under {@code GET}. The ops endpoints the platform reaches
 * ({@code /health}, {@code /ready}, {@code /metrics}) are not here: they have their own port
 * ({@code gateway.ops.port}).
 */
@ChannelHandler.Sharable
public final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOGGER = LoggerFactory.getLogger(RestHandler.class);
    static final String PERFORMANCE_RPC = "/rest/v1/rpc/get_live_deal_performance";

    private final TokenVerifier verifier;
    private final Policy policy;
    private final LatestValues latest;
    private final StaticFiles files;
    private final DevTokenEndpoint devTokens;
    private final CustomerRedemptionsRpc customerRedemptions;
    private final OpsMetricsEndpoint opsMetrics;

    /**
     * @param devTokens  the demo-token endpoint, or null where it must not exist (everywhere but promo dev)
     * @param processor  the stream processor's query API, or null when none is configured
     * @param opsMetrics the operator view's metrics
     */
    public RestHandler(TokenVerifier verifier, Policy policy, LatestValues latest, StaticFiles files,
                       DevTokenEndpoint devTokens, ProcessorQueries processor, OpsMetricsEndpoint opsMetrics) {
        this.verifier = verifier;
        this.policy = policy;
        this.latest = latest;
        this.files = files;
        this.devTokens = devTokens;
        this.customerRedemptions = new CustomerRedemptionsRpc(verifier, policy, processor);
        this.opsMetrics = opsMetrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        String path = new QueryStringDecoder(request.uri()).path();
        // no CORS for the demo tokens and the operator view's metrics: only the gateway's own pages read them
        if (request.method().equals(HttpMethod.OPTIONS) && !path.equals(DevTokenEndpoint.PATH)
                && !path.equals(OpsMetricsEndpoint.PATH)) {
            preflight(ctx);
            return;
        }
        switch (path) {
            case PERFORMANCE_RPC -> performance(ctx, request);
            case CustomerRedemptionsRpc.PATH -> customerRedemptions.handle(ctx, request);
            case DevTokenEndpoint.PATH -> devToken(ctx, request);
            case OpsMetricsEndpoint.PATH -> opsMetrics.handle(ctx, request);
            default -> {
                if (path.startsWith("/rest/v1/rpc/")) {
                    error(ctx, request, HttpResponseStatus.NOT_FOUND, "PGRST202", "function "
                            + path.substring("/rest/v1/rpc/".length()) + " is not served by this gateway");
                } else if (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD)) {
                    staticFile(ctx, request, path);
                } else {
                    error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", "nothing at " + path);
                }
            }
        }
    }

    /** {@code {"p_restaurant_id": 42}} → the restaurant's live performance JSON, for callers who may join its performance channel. */
    private void performance(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.POST) && !request.method().equals(HttpMethod.GET)) {
            error(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "PGRST101", "use POST");
            return;
        }
        Principal principal;
        try {
            principal = verifier.verify(token(request));
        } catch (AuthException e) {
            error(ctx, request, HttpResponseStatus.UNAUTHORIZED, "PGRST301", e.getMessage());
            return;
        }
        long restaurant;
        try {
            restaurant = RpcArguments.id(request, "p_restaurant_id", "restaurant");
        } catch (RpcArguments.Invalid e) {
            error(ctx, request, HttpResponseStatus.BAD_REQUEST, e.code(), e.getMessage());
            return;
        }
        String channel = "restaurant:" + restaurant + ":performance";
        Optional<EventFilter> access = policy.accessFor(principal).channelAccess(channel);
        if (access.isEmpty()) {
            error(ctx, request, HttpResponseStatus.FORBIDDEN, "42501", "role '" + principal.role()
                    + "' may not read the performance of restaurant " + restaurant);
            return;
        }
        // the grant's where conditions apply as they do on the channel: a value they exclude is not served
        Optional<byte[]> value = latest.performance(restaurant).filter(json -> LatestValues.allows(access.get(), json));
        HttpResponses.bytes(ctx, request, HttpResponseStatus.OK, "application/json",
                Unpooled.wrappedBuffer(value.orElse("null".getBytes(StandardCharsets.US_ASCII))), false);
    }

    private void devToken(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (devTokens == null) {
            error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", "nothing at " + DevTokenEndpoint.PATH);
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            HttpResponses.sameOriginJson(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    Map.of("code", "method_not_allowed", "message", "use GET"));
            return;
        }
        try {
            // no CORS: only the dashboard served by this gateway may read demo tokens, not any site a developer visits
            HttpResponses.sameOriginJson(ctx, request, HttpResponseStatus.OK,
                    devTokens.mint(new QueryStringDecoder(request.uri()).parameters()));
        } catch (IllegalArgumentException e) {
            error(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage());
        }
    }

    /** {@code Authorization: Bearer <jwt>} (the user's token), else the {@code apikey} header. */
    static String token(HttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return request.headers().get("apikey");
    }

    private void staticFile(ChannelHandlerContext ctx, FullHttpRequest request, String path) throws IOException {
        Optional<StaticFiles.File> file = files.find(path);
        if (file.isEmpty()) {
            error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", "nothing at " + path);
            return;
        }
        HttpResponses.bytes(ctx, request, HttpResponseStatus.OK, file.get().contentType(),
                Unpooled.wrappedBuffer(file.get().bytes()), false);
    }

    static void error(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String code,
                      String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("details", null);
        body.put("hint", null);
        HttpResponses.json(ctx, request, status, body, false);
    }

    private static void preflight(ChannelHandlerContext ctx) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                "authorization, apikey, content-type, x-client-info, accept-profile, content-profile, prefer");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        ctx.writeAndFlush(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOGGER.debug("HTTP request from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
