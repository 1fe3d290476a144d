package com.menuca.promo.bench.baseline;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline's relay: one JDBC connection {@code LISTEN}ing on the given channels, and a WebSocket
 * server ({@code ws://127.0.0.1:<port>/notify?channel=NAME}) that pushes each notification's payload, as
 * it is, to the clients of its channel: no authorization, no replay (what the original design had). The
 * frame is built once per notification and shared by the channel's clients.
 */
public final class NotifyRelay implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(NotifyRelay.class);
    public static final String PATH = "/notify";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<String, ChannelGroup> byChannel = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong relayed = new AtomicLong();
    private final Channel server;
    private final Thread listener;

    /**
     * @param listenConnection a connection of its own, used only for LISTEN (closed with the relay)
     * @param channels         the channels to LISTEN on
     */
    public NotifyRelay(Connection listenConnection, List<String> channels) throws SQLException, InterruptedException {
        try (Statement s = listenConnection.createStatement()) {
            for (String channel : channels) {
                s.execute("LISTEN " + channel);
                byChannel.put(channel, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
            }
        }
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65_536),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath(PATH).checkStartsWith(true).build()),
                                new SimpleChannelInboundHandler<WebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                                            List<String> asked = new QueryStringDecoder(handshake.requestUri()).parameters()
                                                    .getOrDefault("channel", List.of());
                                            ChannelGroup group = asked.isEmpty() ? null : byChannel.get(asked.get(0));
                                            if (group == null) {
                                                ctx.close();   // not a channel this relay listens on
                                                return;
                                            }
                                            group.add(ctx.channel());
                                            clients.add(ctx.channel());
                                        }
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                                        // clients only listen
                                    }
                                });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        listener = new Thread(() -> listen(listenConnection), "notify-relay-listen");
        listener.setDaemon(true);
        listener.start();
    }

    private void listen(Connection connection) {
        try (connection) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            while (running.get()) {
                PGNotification[] notifications = pg.getNotifications(50);
                if (notifications == null) {
                    continue;
                }
                for (PGNotification notification : notifications) {
                    ChannelGroup group = byChannel.get(notification.getName());
                    if (group != null && !group.isEmpty()) {
                        group.writeAndFlush(new TextWebSocketFrame(notification.getParameter()));
                    }
                    relayed.incrementAndGet();
                }
            }
        } catch (SQLException e) {
            if (running.get()) {
                LOGGER.warn("LISTEN connection failed: {}", e.getMessage());
            }
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public int connectedClients() {
        return clients.size();
    }

    public long relayed() {
        return relayed.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        listener.join(5_000);
        clients.close().await(5_000);
        server.close().await(5_000);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).await(5_000);
    }
}
