package com.menuca.promo.gateway.rest;

import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.feed.LatestValues;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.rpc.CustomerRedemptionsRpc;
import com.menuca.promo.gateway.rpc.PerformanceFunctions;
import com.menuca.promo.gateway.rpc.ProcessorQueries;
import com.menuca.promo.gateway.rpc.RpcFunction;
import com.menuca.promo.gateway.rpc.RpcEndpoint;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plain HTTP request on the client port: the functions under {@code /rest/v1/rpc/}
 * (PostgREST-shaped, so {@code supabase.rpc(...)} works: {@link RpcEndpoint}), the operator view's
 * {@code /ops/v1/metrics} (for operator tokens, same origin only), CORS preflights, and static files for
 * anything else under {@code GET}. The ops endpoints the platform reaches ({@code /health},
 * {@code /ready}, {@code /metrics}) are not here: they have their own port ({@code gateway.ops.port}).
 */
@ChannelHandler.Sharable
public final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOGGER = LoggerFactory.getLogger(RestHandler.class);

    private final StaticFiles files;
    private final DevTokenEndpoint devTokens;
    private final OpsMetricsEndpoint opsMetrics;
    private final RpcEndpoint rpc;

    /**
     * @param devTokens  the demo-token endpoint, or null where it must not exist (everywhere but promo dev)
     * @param processor  the stream processor's query API, or null when none is configured
     * @param opsMetrics the operator view's metrics
     */
    public RestHandler(TokenVerifier verifier, Policy policy, LatestValues latest, StaticFiles files,
                       DevTokenEndpoint devTokens, ProcessorQueries processor, OpsMetricsEndpoint opsMetrics) {
        this.files = files;
        this.devTokens = devTokens;
        this.opsMetrics = opsMetrics;
        List<RpcFunction> functions = new ArrayList<>(PerformanceFunctions.of(policy, latest, Clock.systemUTC()));
        functions.add(new CustomerRedemptionsRpc(policy, processor));
        this.rpc = new RpcEndpoint(verifier, functions);
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
            case DevTokenEndpoint.PATH -> devToken(ctx, request);
            case OpsMetricsEndpoint.PATH -> opsMetrics.handle(ctx, request);
            default -> {
                if (path.startsWith(RpcEndpoint.PREFIX)) {
                    rpc.handle(ctx, request);
                } else if (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD)) {
                    staticFile(ctx, request, path);
                } else {
                    error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", "nothing at " + path);
                }
            }
        }
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
