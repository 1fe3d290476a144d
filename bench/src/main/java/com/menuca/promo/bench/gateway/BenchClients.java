package com.menuca.promo.bench.gateway;

import com.menuca.promo.gateway.server.Transport;
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
import io.netty.channel.socket.SocketChannel;
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
    private static final ByteBuf ORDER_ID = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("\"order_id\":", StandardCharsets.US_ASCII));

    /** Names of the clients' event-loop threads, whose CPU and allocation are the load generator's cost. */
    static final String THREAD_PREFIX = "bench-client";

    private final EventLoopGroup group = WebSocketDialer.group(THREAD_PREFIX);
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private final LongAdder frames = new LongAdder();
    private final AtomicLong lastFrameNanos = new AtomicLong();
    private final Map<Long, Long> commitNanos = new ConcurrentHashMap<>();
    private final Histogram latencyMicros = new ConcurrentHistogram(60_000_000L, 3);
    /** Frames that arrived before the writer's commit call returned: matched when the commit is recorded. */
    private final Map<Long, java.util.Queue<Long>> early = new ConcurrentHashMap<>();
    private volatile boolean trackLatency;
    private volatile Histogram[] timeline;
    private volatile long timelineOrigin;

    /**
     * Connects {@code count} clients, each joining {@code channel(i)} with one postgres_changes binding
     * on {@code coupon_usage_log} filtered by {@code filter(i)}; returns once every join was answered ok.
     */
    void connect(URI uri, String token, int count, java.util.function.IntFunction<String> channel,
                 java.util.function.IntFunction<String> filter) throws InterruptedException {
        Semaphore inFlight = new Semaphore(256);
        CountDownLatch joined = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("clients stopped joining after " + i + " of " + count);
            }
            String join = "[\"1\",\"1\",\"realtime:" + channel.apply(i) + "\",\"phx_join\",{\"config\":{\"postgres_changes\":"
                    + "[{\"event\":\"INSERT\",\"schema\":\"menuca_v3\",\"table\":\"coupon_usage_log\",\"filter\":\""
                    + filter.apply(i) + "\"}]}}]";
            WebSocketDialer.dial(group, uri, token, new Client(join, joined, inFlight))
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
            arrivals.forEach(arrival -> record(nanos, arrival));
        }
    }

    void trackLatency(boolean on) {
        trackLatency = on;
    }

    /** Starts a timeline of latency by second of commit, from {@code originNanos} on. */
    void startTimeline(long originNanos, int seconds) {
        Histogram[] perSecond = new Histogram[seconds];
        for (int i = 0; i < seconds; i++) {
            perSecond[i] = new ConcurrentHistogram(60_000_000L, 2);
        }
        timelineOrigin = originNanos;
        timeline = perSecond;
    }

    /** Latency of the rows committed in each second of the timeline (microseconds). */
    Histogram[] timeline() {
        return timeline;
    }

    private void record(long committedNanos, long arrivalNanos) {
        long micros = Math.max(0, (arrivalNanos - committedNanos) / 1_000);
        latencyMicros.recordValue(micros);
        Histogram[] perSecond = timeline;
        if (perSecond != null) {
            long second = (committedNanos - timelineOrigin) / 1_000_000_000L;
            if (second >= 0 && second < perSecond.length) {
                perSecond[(int) second].recordValue(micros);
            }
        }
    }

    Histogram latencyMicros() {
        return latencyMicros;
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Client extends SimpleChannelInboundHandler<WebSocketFrame> implements PushFrameReader.Sink {
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
                ctx.pipeline().replace("ws-decoder", "push-reader", new PushFrameReader(this));
                channels.add(ctx.channel());
                ctx.writeAndFlush(new TextWebSocketFrame(join));
                ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(
                        new TextWebSocketFrame("[null,\"h\",\"phoenix\",\"heartbeat\",{}]")), 20, 20, TimeUnit.SECONDS);
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void counted(int count, long nanos) {
            frames.add(count);
            if (nanos > lastFrameNanos.get()) {
                lastFrameNanos.accumulateAndGet(nanos, Math::max);
            }
        }

        @Override
        public boolean wantsPayloads() {
            return trackLatency;
        }

        @Override
        public void push(ByteBuf content, int from, int to, long nanos) {
            recordLatency(content, from, to, nanos);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            String text = frame.content().toString(StandardCharsets.UTF_8);
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

        private void recordLatency(ByteBuf content, int from, int to, long now) {
            int at = ByteBufUtil.indexOf(ORDER_ID, content.slice(from, to - from));
            if (at < 0) {
                return;
            }
            at += from;
            long orderId = 0;
            for (int i = at + ORDER_ID.readableBytes(); i < to; i++) {
                byte b = content.getByte(i);
                if (b < '0' || b > '9') {
                    break;
                }
                orderId = orderId * 10 + (b - '0');
            }
            Long committed = commitNanos.get(orderId);
            if (committed != null) {
                record(committed, now);
                return;
            }
            early.computeIfAbsent(orderId, id -> new java.util.concurrent.ConcurrentLinkedQueue<>()).add(now);
            Long raced = commitNanos.get(orderId);
            java.util.Queue<Long> mine = raced == null ? null : early.remove(orderId);
            if (mine != null) {
                mine.forEach(arrival -> record(raced, arrival));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
