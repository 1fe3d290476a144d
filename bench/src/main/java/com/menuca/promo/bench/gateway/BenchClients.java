package com.menuca.promo.bench.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Many lightweight WebSocket clients on two event loops: each connects with {@code vsn=2.0.0},
 * joins one channel, answers nothing but sends heartbeats, and counts the postgres_changes frames it
 * receives. When latency tracking is on, it reads {@code order_id} from each frame and records the
 * time since the writer saw that row's commit.
 */
final class BenchClients implements AutoCloseable {
    private static final ByteBuf PUSH_PREFIX = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("[null,null,", StandardCharsets.US_ASCII));
    private static final ByteBuf ORDER_ID = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("\"order_id\":", StandardCharsets.US_ASCII));

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final LongAdder frames = new LongAdder();
    private final AtomicLong lastFrameNanos = new AtomicLong();
    private final Map<Long, Long> commitNanos = new ConcurrentHashMap<>();
    private final Histogram latencyMicros = new ConcurrentHistogram(60_000_000L, 3);
    /** Frames that arrived before the writer's commit call returned: matched when the commit is recorded. */
    private final Map<Long, java.util.Queue<Long>> early = new ConcurrentHashMap<>();
    private volatile boolean trackLatency;

    /**
     * Connects {@code count} clients, each joining {@code channel(i)} with one postgres_changes binding
     * on {@code coupon_usage_log} filtered by {@code filter(i)}; returns once every join was answered ok.
     */
    void connect(URI uri, String token, int count, java.util.function.IntFunction<String> channel,
                 java.util.function.IntFunction<String> filter) throws InterruptedException {
        Semaphore inFlight = new Semaphore(256);
        CountDownLatch joined = new CountDownLatch(count);
        URI withToken = URI.create(uri + "?vsn=2.0.0&apikey=" + token);
        for (int i = 0; i < count; i++) {
            if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("clients stopped joining after " + i + " of " + count);
            }
            String join = "[\"1\",\"1\",\"realtime:" + channel.apply(i) + "\",\"phx_join\",{\"config\":{\"postgres_changes\":"
                    + "[{\"event\":\"INSERT\",\"schema\":\"menuca_v3\",\"table\":\"coupon_usage_log\",\"filter\":\""
                    + filter.apply(i) + "\"}]}}]";
            new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                                    new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                            .webSocketUri(withToken).version(WebSocketVersion.V13)
                                            .maxFramePayloadLength(4 * 1024 * 1024).handleCloseFrames(true).build()),
                                    new Client(join, joined, inFlight));
                        }
                    })
                    .connect(uri.getHost(), uri.getPort())
                    .addListener(f -> {
                        if (!f.isSuccess()) {
                            inFlight.release();
                        }
                    });
        }
        if (!joined.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException((joined.getCount()) + " of " + count + " clients did not join within 5 minutes");
        }
    }

    /** Joins one more channel on the last {@code count} clients connected (a second subscription on each). */
    void joinLast(int count, String channel, String filter) throws InterruptedException {
        List<Channel> last = channels.subList(Math.max(0, channels.size() - count), channels.size());
        CountDownLatch joined = new CountDownLatch(last.size());
        String join = "[\"2\",\"2\",\"realtime:" + channel + "\",\"phx_join\",{\"config\":{\"postgres_changes\":"
                + "[{\"event\":\"INSERT\",\"schema\":\"menuca_v3\",\"table\":\"coupon_usage_log\",\"filter\":\"" + filter + "\"}]}}]";
        for (Channel ch : last) {
            ch.pipeline().get(Client.class).expectJoin(joined);
            ch.writeAndFlush(new TextWebSocketFrame(join));
        }
        if (!joined.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException(joined.getCount() + " clients did not join " + channel);
        }
    }

    int size() {
        return channels.size();
    }

    long frames() {
        return frames.sum();
    }

    long lastFrameNanos() {
        return lastFrameNanos.get();
    }

    /** The writer's commit of a row returned at {@code nanos}; frames that beat it count as 0 ms. */
    void committed(long orderId, long nanos) {
        commitNanos.put(orderId, nanos);
        java.util.Queue<Long> arrivals = early.remove(orderId);
        if (arrivals != null) {
            arrivals.forEach(arrival -> latencyMicros.recordValue(Math.max(0, (arrival - nanos) / 1_000)));
        }
    }

    void trackLatency(boolean on) {
        trackLatency = on;
    }

    Histogram latencyMicros() {
        return latencyMicros;
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Client extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final String join;
        private final Semaphore inFlight;
        private volatile CountDownLatch joined;

        Client(String join, CountDownLatch joined, Semaphore inFlight) {
            this.join = join;
            this.joined = joined;
            this.inFlight = inFlight;
        }

        void expectJoin(CountDownLatch latch) {
            joined = latch;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                channels.add(ctx.channel());
                ctx.writeAndFlush(new TextWebSocketFrame(join));
                ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(
                        new TextWebSocketFrame("[null,\"h\",\"phoenix\",\"heartbeat\",{}]")), 20, 20, TimeUnit.SECONDS);
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            ByteBuf content = frame.content();
            if (content.readableBytes() > PUSH_PREFIX.readableBytes()
                    && ByteBufUtil.equals(content, content.readerIndex(), PUSH_PREFIX, 0, PUSH_PREFIX.readableBytes())) {
                long now = System.nanoTime();
                frames.increment();
                lastFrameNanos.accumulateAndGet(now, Math::max);
                if (trackLatency) {
                    recordLatency(content, now);
                }
                return;
            }
            String text = content.toString(StandardCharsets.UTF_8);
            if (text.contains("\"phx_reply\"") && !text.contains("\"phoenix\"")) {
                if (!text.contains("\"status\":\"ok\"")) {
                    throw new IllegalStateException("join refused: " + text);
                }
                CountDownLatch latch = joined;
                if (latch != null) {
                    joined = null;
                    latch.countDown();
                    inFlight.release();
                }
            }
        }

        private void recordLatency(ByteBuf content, long now) {
            int at = ByteBufUtil.indexOf(ORDER_ID, content);
            if (at < 0) {
                return;
            }
            long orderId = 0;
            for (int i = at + ORDER_ID.readableBytes(); i < content.writerIndex(); i++) {
                byte b = content.getByte(i);
                if (b < '0' || b > '9') {
                    break;
                }
                orderId = orderId * 10 + (b - '0');
            }
            Long committed = commitNanos.get(orderId);
            if (committed != null) {
                latencyMicros.recordValue(Math.max(0, (now - committed) / 1_000));
                return;
            }
            early.computeIfAbsent(orderId, id -> new java.util.concurrent.ConcurrentLinkedQueue<>()).add(now);
            Long raced = commitNanos.get(orderId);
            java.util.Queue<Long> mine = raced == null ? null : early.remove(orderId);
            if (mine != null) {
                mine.forEach(arrival -> latencyMicros.recordValue(Math.max(0, (arrival - raced) / 1_000)));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
