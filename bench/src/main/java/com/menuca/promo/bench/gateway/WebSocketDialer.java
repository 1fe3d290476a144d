package com.menuca.promo.bench.gateway;

import com.menuca.promo.gateway.server.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;

/**
 * Opens the load generator's WebSocket connections (vsn 2.0.0, the token as {@code apikey}) on a
 * shared event-loop group; the caller's handler sees the handshake complete and then every frame.
 */
final class WebSocketDialer {
    private static final Transport TRANSPORT = Transport.best();
    private static final long HANDSHAKE_TIMEOUT_MS = 120_000;

    private WebSocketDialer() {
    }

    /** Two event loops named {@code prefix-*}: the load generator's threads, whose CPU is measured by that name. */
    static EventLoopGroup group(String prefix) {
        return new MultiThreadIoEventLoopGroup(2, new io.netty.util.concurrent.DefaultThreadFactory(prefix),
                TRANSPORT.ioHandlers());
    }

    /** Connects to {@code uri} with {@code token}; {@code handler} goes last in the pipeline. */
    static ChannelFuture dial(EventLoopGroup group, URI uri, String token, ChannelHandler handler) {
        URI withToken = URI.create(uri + "?vsn=2.0.0&apikey=" + token);
        return new Bootstrap().group(group).channel(TRANSPORT.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(withToken).version(WebSocketVersion.V13)
                                        .maxFramePayloadLength(4 * 1024 * 1024)
                                        // a loaded machine can take longer than Netty's 10 s to answer an upgrade
                                        .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS)
                                        // the handler sees a close frame (code and reason) and closes
                                        .handleCloseFrames(false).build()),
                                handler);
                    }
                })
                .connect(uri.getHost(), uri.getPort());
    }
}
