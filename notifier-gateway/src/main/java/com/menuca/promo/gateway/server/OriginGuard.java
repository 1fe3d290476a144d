package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.rest.HttpResponses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.Set;

/**
 * The optional Origin allow-list ({@code gateway.allowed.origins}) for the WebSocket upgrade and the
 * REST endpoints (the RPCs and the operator view's {@code /ops/v1/metrics}): a browser request whose {@code Origin} header is not listed is refused with 403
 * before anything else reads it, so a page on another site cannot open a socket or call the RPC with
 * a token the browser holds. Requests without an {@code Origin} (servers, native apps) and static
 * files are not affected; with no list set every origin passes. Shared.
 */
@ChannelHandler.Sharable
final class OriginGuard extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Set<String> allowed;
    private final GatewayMetrics metrics;

    OriginGuard(Set<String> allowed, GatewayMetrics metrics) {
        super(false);
        this.allowed = Set.copyOf(allowed);
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (allowed.isEmpty() || origin == null || allowed.contains(origin) || !guarded(request.uri())) {
            ctx.fireChannelRead(request);
            return;
        }
        metrics.disconnect("origin_refused");
        try {
            HttpResponses.json(ctx, request, HttpResponseStatus.FORBIDDEN,
                    Map.of("error", "origin not allowed: add it to gateway.allowed.origins"), true);
        } finally {
            request.release();
        }
    }

    /** The upgrade and the REST endpoints (the RPCs, the operator view's metrics); static files are public. */
    static boolean guarded(String uri) {
        String path = new QueryStringDecoder(uri).path();
        return path.startsWith("/realtime/") || path.startsWith("/rest/") || path.startsWith("/ops/");
    }
}
