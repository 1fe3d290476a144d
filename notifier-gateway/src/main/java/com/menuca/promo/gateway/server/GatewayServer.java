package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.rest.RestHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket and its event loops. Each accepted socket has a write buffer with watermarks
 * (32 KB low, 256 KB high): past the high mark it counts as not writable and frames wait in its
 * {@link Connection}'s bounded queue instead of piling up in Netty.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayServer.class);
    /** After the last close frame of a drain: time for the clients' close handshakes (a stalled one is cut at 2 s). */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final OpenSockets sockets;

    private GatewayServer(EventLoopGroup boss, EventLoopGroup workers, Channel listener, OpenSockets sockets) {
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
        this.sockets = sockets;
    }

    public static GatewayServer start(GatewayContext context, RestHandler rest) throws InterruptedException {
        int threads = context.config().ioThreads() == 0 ? Runtime.getRuntime().availableProcessors()
                : context.config().ioThreads();
        Transport transport = Transport.best();
        // named threads, so a profile or top -H tells the gateway's sockets from the rest of the process
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("gateway-accept"),
                transport.ioHandlers());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("gateway-io"),
                transport.ioHandlers());
        GatewayInitializer initializer = new GatewayInitializer(context, rest);
        try {
            Channel listener = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                    // every accepted socket is counted in context.sockets() until it closes (one past the cap
                    // is closed at once): what a stopping gateway closes with 1001
                    .childHandler(initializer)
                    .bind(context.config().host(), context.config().port())
                    .sync()
                    .channel();
            // heartbeat timeouts and token expiry of every socket: one periodic task on the accept loop, not timers per socket
            new SocketSweep(context.sockets(), context.config().heartbeatTimeout(), context.metrics()).start(boss.next());
            LOGGER.info("Gateway listening on ws://{}:{}{} ({} event loops, {})", context.config().host(),
                    ((InetSocketAddress) listener.localAddress()).getPort(), UpgradeGuard.PATH, threads, transport.name());
            return new GatewayServer(boss, workers, listener, context.sockets());
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Stops accepting sockets and closes the open ones with 1001 (going away), spread over
     * {@code period}; returns once they are closed, or {@code period} plus a few seconds later.
     */
    public void drain(Duration period) {
        listener.close().syncUninterruptibly();
        try {
            List<Channel> open = new java.util.ArrayList<>();
            sockets.channels().forEach(open::add);
            ShutdownDrain.drain(open, period, CLOSE_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
