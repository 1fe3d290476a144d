package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.rest.BroadcastApi;
import com.menuca.promo.gateway.rest.RestHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The pipeline of every accepted socket (one past {@code gateway.max.connections} is closed at once),
 * in order: HTTP codec, aggregator, handshake timeout, Origin allow-list (when set), upgrade guard (token,
 * vsn, connection limits), WebSocket protocol (handshake on {@code /realtime/v1/websocket}, frame size
 * limit, pings, close frames), the HTTP broadcast endpoint, REST and static files for other requests,
 * then the realtime protocol one concern per handler: socket lifecycle, frame decoding, message rate
 * limit, protocol dispatch, joins and leaves, client broadcasts, presence, token lifecycle, and errors.
 * Stateless handlers are shared. Once a socket upgraded, Netty drops the HTTP codec and aggregator, the
 * handshake timeout leaves, and so do the Origin allow-list, the upgrade guard, the broadcast endpoint
 * and REST ({@link #upgraded}): an idle WebSocket carries only what it still uses. No socket has a timer
 * of its own: one {@link SocketSweep} watches every socket's heartbeat and tokens.
 */
final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_HTTP_BODY = 64 * 1024;
    /**
     * Handlers that only read HTTP requests: once the socket upgraded (the HTTP codec is gone, no
     * request can arrive) they leave the pipeline, which thousands of idle sockets would otherwise
     * each carry.
     */
    private static final java.util.List<String> HTTP_ONLY = java.util.List.of("origin", "guard", "broadcast-api", "rest");

    private final GatewayContext context;
    private final UpgradeGuard guard;
    private final RestHandler rest;
    private final ChannelJoiner joiner;
    private final OriginGuard origins;
    private final SocketLifecycleHandler lifecycle;
    private final TokenLifecycleHandler tokens;
    /** Immutable: one for every socket (each WebSocket handler keeps a reference to it). */
    private final WebSocketServerProtocolConfig websocket;
    private final BroadcastApi broadcastApi;

    GatewayInitializer(GatewayContext context, RestHandler rest) {
        this.context = context;
        this.guard = new UpgradeGuard(context.verifier(), context.limiter(), context.metrics());
        this.rest = rest;
        this.origins = new OriginGuard(context.config().allowedOrigins(), context.metrics());
        this.lifecycle = new SocketLifecycleHandler(context);
        this.tokens = new TokenLifecycleHandler(context, java.time.Clock.systemUTC());
        this.websocket = WebSocketServerProtocolConfig.newBuilder()
                // exact match: the guard sets this URI on the requests it admitted, and only on those
                .websocketPath(UpgradeGuard.handshakeUri())
                .checkStartsWith(false)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(10_000)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(context.config().maxFrameBytes())
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .build())
                .build();
        this.joiner = new ChannelJoiner(context.verifier(), context.policy(), context.config().maxBindingsPerJoin(),
                context.positions());
        this.broadcastApi = new BroadcastApi(context.verifier(), context.policy(), context.cluster(), System::nanoTime);
    }

    /** Removes what only served the HTTP side of a socket that has just upgraded to a WebSocket. */
    static void upgraded(ChannelPipeline pipeline) {
        for (String name : HTTP_ONLY) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (!context.sockets().tryAdd(channel)) {
            context.metrics().disconnect("connection_cap");
            channel.close();
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("aggregate", new HttpObjectAggregator(MAX_HTTP_BODY));
        pipeline.addLast("handshake-timeout", new HandshakeTimeoutHandler(context.config().handshakeTimeout(),
                context.metrics()));
        if (!context.config().allowedOrigins().isEmpty()) {
            pipeline.addLast("origin", origins);
        }
        pipeline.addLast("guard", guard);
        pipeline.addLast("websocket", new WebSocketServerProtocolHandler(websocket));
        // a message may arrive in fragments: whole messages only, at most the frame limit in all
        pipeline.addLast("ws-aggregate", new WebSocketFrameAggregator(context.config().maxFrameBytes()));
        pipeline.addLast("broadcast-api", broadcastApi);
        pipeline.addLast("rest", rest);
        pipeline.addLast("lifecycle", lifecycle);
        pipeline.addLast("decode", new MessageDecoder(context.metrics()));
        pipeline.addLast("limits", new InboundLimitHandler(context.metrics(), context.config().messagesPerSecond(),
                System::nanoTime));
        pipeline.addLast("dispatch", ProtocolDispatcher.INSTANCE);
        pipeline.addLast("joins", new JoinHandler(context, joiner, System::nanoTime));
        pipeline.addLast("broadcasts", new BroadcastHandler(context, System::nanoTime));
        pipeline.addLast("presence", new PresenceHandler(context, System::nanoTime));
        pipeline.addLast("tokens", tokens);
        pipeline.addLast("errors", SocketErrorHandler.INSTANCE);
    }
}
