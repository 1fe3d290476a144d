package com.menuca.promo.gateway.rest;

import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.ops.MetricsCollector;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /ops/v1/metrics} with {@code Authorization: Bearer <token>}: the metrics of the gateway and
 * of every service in {@code gateway.ops.metrics.targets}, gathered by the gateway, for the dashboard's
 * operator view. Only tokens whose role is in {@code gateway.ops.roles} may read them (they show
 * platform-wide volumes); the answer carries no CORS header, so only the gateway's own pages read it.
 * The services' ops ports stay where only the platform reaches them.
 *
 * <pre>{"at": "2026-12-06T10:00:00Z", "targets": [{"name": "gateway", "up": true, "metrics": "# HELP ..."},
 *   {"name": "capture", "up": false, "error": "connection refused"}]}</pre>
 */
public final class OpsMetricsEndpoint {
    public static final String PATH = "/ops/v1/metrics";

    private final TokenVerifier verifier;
    private final Set<String> roles;
    private final MetricsCollector collector;

    public OpsMetricsEndpoint(TokenVerifier verifier, Set<String> roles, MetricsCollector collector) {
        this.verifier = verifier;
        this.roles = Set.copyOf(roles);
        this.collector = collector;
    }

    void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.method().equals(HttpMethod.GET)) {
            error(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "use GET");
            return;
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            error(ctx, request, HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    "send Authorization: Bearer <token> with a role of gateway.ops.roles");
            return;
        }
        Principal principal;
        try {
            principal = verifier.verify(authorization.substring(7).trim());
        } catch (AuthException e) {
            error(ctx, request, HttpResponseStatus.UNAUTHORIZED, "unauthorized", e.getMessage());
            return;
        }
        if (!roles.contains(principal.role())) {
            error(ctx, request, HttpResponseStatus.FORBIDDEN, "forbidden", "role '" + principal.role()
                    + "' may not read the pipeline's metrics (gateway.ops.roles: " + roles.stream().sorted().toList() + ")");
            return;
        }
        // the request's content is released when this returns: answer with a copy of its line and headers
        HttpRequest answerTo = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                request.headers().copy());
        collector.collect().whenComplete((snapshot, failure) -> ctx.executor().execute(() -> {
            if (failure != null) {
                error(ctx, answerTo, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "could not gather the metrics");
                return;
            }
            List<Map<String, Object>> targets = snapshot.targets().stream().map(t -> {
                Map<String, Object> target = new LinkedHashMap<>();
                target.put("name", t.name());
                target.put("up", t.up());
                if (t.up()) {
                    target.put("metrics", t.metrics());
                } else {
                    target.put("error", t.error());
                }
                return target;
            }).toList();
            HttpResponses.sameOriginJson(ctx, answerTo, HttpResponseStatus.OK,
                    Map.of("at", snapshot.at().toString(), "targets", targets));
        }));
    }

    private static void error(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String code,
                              String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        HttpResponses.sameOriginJson(ctx, request, status, body);
    }
}
