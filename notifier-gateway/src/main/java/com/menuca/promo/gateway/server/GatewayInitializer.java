package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.rest.RestHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every accepted socket, in order: HTTP codec, aggregator, upgrade guard (token,
 * vsn, connection limits), WebSocket protocol (handshake on {@code /realtime/v1/websocket}, frame size
 * limit, pings, close frames), REST and static files for other requests, idle timeout (heartbeats),
 * then the realtime protocol one concern per handler: socket lifecycle, frame decoding, message rate
 * limit, protocol dispatch, joins and leaves, token lifecycle, and errors. Stateless handlers are
 * shared.
 */
final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_HTTP_BODY = 64 * 1024;

    private final GatewayContext context;
    private final UpgradeGuard guard;
    private final RestHandler rest;
    private final ChannelJoiner joiner;

    GatewayInitializer(GatewayContext context, RestHandler rest) {
        this.context = context;
        this.guard = new UpgradeGuard(context.verifier(), context.limiter(), context.metrics());
        this.rest = rest;
        this.joiner = new ChannelJoiner(context.verifier(), context.policy());
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("http", new HttpServerCodec());
        pipeline.addLast("aggregate", new HttpObjectAggregator(MAX_HTTP_BODY));
        pipeline.addLast("guard", guard);
        pipeline.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
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
                .build()));
        pipeline.addLast("rest", rest);
        pipeline.addLast("idle", new IdleStateHandler(context.config().heartbeatTimeout().toMillis(), 0, 0,
                TimeUnit.MILLISECONDS));
        pipeline.addLast("lifecycle", new SocketLifecycleHandler(context));
        pipeline.addLast("decode", new MessageDecoder(context.metrics()));
        pipeline.addLast("limits", new InboundLimitHandler(context.metrics(), context.config().messagesPerSecond(),
                System::nanoTime));
        pipeline.addLast("dispatch", ProtocolDispatcher.INSTANCE);
        pipeline.addLast("joins", new JoinHandler(context, joiner, System::nanoTime));
        pipeline.addLast("tokens", new TokenLifecycleHandler(context, java.time.Clock.systemUTC()));
        pipeline.addLast("errors", SocketErrorHandler.INSTANCE);
    }
}
