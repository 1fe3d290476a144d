package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.auth.AuthException;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.protocol.Vsn;
import com.menuca.promo.gateway.ratelimit.ConnectionLimiter;
import com.menuca.promo.gateway.rest.HttpResponses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Admits WebSocket upgrades to {@value #PATH}: a valid token ({@code apikey} parameter or
 * {@code x-api-key} header; 401 with a JSON error otherwise), a known {@code vsn} (400), and room
 * under the connection limits per IP and per token (429). Admitted requests continue to the
 * WebSocket handshake with what was learned stored on the channel.
 *
 * <p>One path rule for both: this guard decides on the decoded path being exactly {@value #PATH},
 * and hands an admitted request on with its URI set to exactly {@value #PATH}, which is the only URI
 * the handshake accepts ({@link #handshakeUri()}). A request the guard did not admit
 * ({@code /realtime/v1/websocket/x}, a percent-encoded variant...) can therefore never upgrade.
 */
@ChannelHandler.Sharable
final class UpgradeGuard extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PATH = "/realtime/v1/websocket";
    static final AttributeKey<Admitted> ADMITTED = AttributeKey.valueOf("promo.admitted");

    /** What an admitted socket is ({@code subjectKey}: the token's subject, null for a shared key). */
    record Admitted(Principal principal, Vsn vsn, String ip, String subjectKey) {
    }

    private final TokenVerifier verifier;
    private final ConnectionLimiter limiter;
    private final GatewayMetrics metrics;

    UpgradeGuard(TokenVerifier verifier, ConnectionLimiter limiter, GatewayMetrics metrics) {
        super(false);
        this.verifier = verifier;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        if (!query.path().equals(PATH)) {
            ctx.fireChannelRead(request);
            return;
        }
        Map<String, List<String>> params = query.parameters();
        String vsnText = first(params, "vsn");
        Vsn vsn = Vsn.parse(vsnText).orElse(null);
        if (vsn == null) {
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "unsupported vsn '"
                    + com.menuca.promo.gateway.protocol.Echo.prefix(vsnText) + "': use 1.0.0 or 2.0.0");
            return;
        }
        String token = first(params, "apikey");
        if (token == null) {
            token = request.headers().get("x-api-key");
        }
        Principal principal;
        try {
            principal = verifier.verify(token);
        } catch (AuthException e) {
            metrics.joinError("connect_unauthorized");
            refuse(ctx, request, HttpResponseStatus.UNAUTHORIZED, e.getMessage());
            return;
        }
        String ip = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
        // tokens without a subject are shared API keys (anon, service_role): counted per IP only
        String subject = principal.subject();
        String problem = limiter.tryAcquire(ip, subject);
        if (problem != null) {
            metrics.disconnect("connection_limit");
            refuse(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS, problem);
            return;
        }
        ctx.channel().attr(ADMITTED).set(new Admitted(principal, vsn, ip, subject));
        request.setUri(PATH);
        ctx.fireChannelRead(request);
    }

    /** The one URI the WebSocket handshake accepts, compared exactly: only admitted requests carry it. */
    static String handshakeUri() {
        return PATH;
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String error) {
        try {
            HttpResponses.json(ctx, request, status, Map.of("error", error), true);
        } finally {
            request.release();
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
