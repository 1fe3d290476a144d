package com.menuca.promo.bench.gateway;

import com.menuca.promo.bench.gateway.Audience.Channel;
import com.menuca.promo.bench.gateway.Audience.Member;
import com.menuca.promo.bench.gateway.Verification.Expected;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One connection of the realistic benchmark: joins its member's channels, then checks every frame
 * it receives. A frame is parsed; it must come on a joined channel and concern that channel's
 * restaurant or customer (else it is foreign); a change or {@code coupon_redeemed} is matched, per
 * row, in order, to a change the writer committed and registered for this client ({@link #expect});
 * one that no registered change accounts for is counted as a duplicate, and a registered change
 * never matched is lost. Broadcasts the writer cannot predict (deal lifecycle, limits, expiry) are
 * checked for their owner and de-duplicated by event id; latest-wins values for their owner only.
 *
 * <p>A connection that drops before all its joins are answered (a handshake timing out on a busy
 * machine) is dialled again; one that drops after it joined is counted as a disconnect, which fails
 * the run: its later frames would be missing. One connection at a time uses this handler.
 */
@io.netty.channel.ChannelHandler.Sharable
final class VerifyingClient extends SimpleChannelInboundHandler<WebSocketFrame> implements PushFrameReader.Sink {
    private static final Set<String> CUSTOMER_COUPON_EVENTS = Set.of("coupon_redeemed", "customer_coupon_limit_reached",
            "coupon_expiring", "coupon_expired");
    private static final Set<String> DEAL_EVENTS = Set.of("deal_published", "deal_status_changed", "deal_expiring",
            "deal_expired");
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final Member member;
    private final Verification tally;
    private final CountDownLatch joined;
    private final Runnable joinedOne;
    private volatile Runnable redial = () -> { };
    private int joinsAwaited;
    private volatile boolean joinedAll;
    private int redials;
    /** Changes registered for this client and not yet received, by row, in commit order. Guarded by this. */
    private final Map<String, ArrayDeque<Expected>> pending = new HashMap<>();
    /** Frames received before the writer registered their change (arrival nanos, op). Guarded by this. */
    private final Map<String, ArrayDeque<Object[]>> early = new HashMap<>();
    /** Event ids of the broadcasts checked for duplicates only (event loop thread). */
    private final SeenEventIds eventIds = new SeenEventIds();

    VerifyingClient(Member member, Verification tally, CountDownLatch joined, Runnable joinedOne) {
        this.member = member;
        this.tally = tally;
        this.joined = joined;
        this.joinedOne = joinedOne;
        this.joinsAwaited = member.channels().size();
    }

    Member member() {
        return member;
    }

    /** How to dial again when the connection drops before its joins are answered. */
    void onEarlyDrop(Runnable redial) {
        this.redial = redial;
    }

    /** The writer committed a change this client should receive, identified by {@code key}. */
    void expect(String key, Expected expected) {
        Object[] arrived;
        synchronized (this) {
            ArrayDeque<Object[]> waiting = early.get(key);
            arrived = waiting == null ? null : waiting.poll();
            if (arrived == null) {
                pending.computeIfAbsent(key, k -> new ArrayDeque<>(2)).add(expected);
                tally.outstanding.incrementAndGet();
                return;
            }
            if (waiting.isEmpty()) {
                early.remove(key);
            }
        }
        tally.unmatched.decrementAndGet();
        tally.matched(expected, (String) arrived[1], (Long) arrived[0]);
    }

    private void received(String key, String op, long nanos) {
        Expected expected;
        synchronized (this) {
            ArrayDeque<Expected> waiting = pending.get(key);
            expected = waiting == null ? null : waiting.poll();
            if (expected == null) {
                early.computeIfAbsent(key, k -> new ArrayDeque<>(1)).add(new Object[] {nanos, op});
                tally.unmatched.incrementAndGet();
                return;
            }
            if (waiting.isEmpty()) {
                pending.remove(key);
            }
        }
        tally.outstanding.decrementAndGet();
        tally.matched(expected, op, nanos);
    }

    /** Changes registered and not received, with their rows, for the results' examples. */
    synchronized String pendingSample() {
        return pending.isEmpty() ? null : "member " + member.index() + " (" + member.kind() + " " + member.id()
                + ") still waits for " + pending.keySet().stream().limit(3).toList();
    }

    synchronized String unmatchedSample() {
        return early.isEmpty() ? null : "member " + member.index() + " (" + member.kind() + " " + member.id()
                + ") received unaccounted " + early.keySet().stream().limit(3).toList();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            ctx.pipeline().replace("ws-decoder", "push-reader", new PushFrameReader(this));
            joinsAwaited = member.channels().size();
            int ref = 1;
            for (Channel channel : member.channels()) {
                ctx.write(new TextWebSocketFrame(Audience.join(channel, ref++, member.token())));
            }
            ctx.flush();
            ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(
                    new TextWebSocketFrame("[null,\"h\",\"phoenix\",\"heartbeat\",{}]")), 20, 20, TimeUnit.SECONDS);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void counted(int count, long nanos) {
        // every push is checked one by one in push()
    }

    @Override
    public boolean wantsPayloads() {
        return true;
    }

    @Override
    public void push(ByteBuf content, int from, int to, long nanos) {
        tally.frame(nanos);
        int length = to - from;
        byte[] bytes = buffer(length);
        content.getBytes(from, bytes, 0, length);
        try {
            check(FrameFields.ofPush(bytes, 0, length), nanos);
        } catch (IOException | RuntimeException e) {
            tally.badFrames.increment();
            tally.example("unreadable push (" + e.getMessage() + "): " + new String(bytes, 0, Math.min(length, 300),
                    StandardCharsets.UTF_8));
        }
    }

    private static byte[] buffer(int length) {
        byte[] bytes = BUFFER.get();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
            BUFFER.set(bytes);
        }
        return bytes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws IOException {
        long nanos = System.nanoTime();
        ByteBuf content = frame.content();
        int length = content.readableBytes();
        byte[] bytes = buffer(length);
        content.getBytes(content.readerIndex(), bytes, 0, length);
        if (frame instanceof BinaryWebSocketFrame) {
            tally.frame(nanos);
            binaryBroadcast(bytes, length, nanos);
        } else if (frame instanceof TextWebSocketFrame) {
            FrameFields fields = FrameFields.ofPush(bytes, 0, length);
            String event = fields.get(FrameFields.EVENT);
            if ("phx_reply".equals(event) && !"phoenix".equals(fields.get(FrameFields.TOPIC))) {
                joinReply(fields, new String(bytes, 0, length, StandardCharsets.UTF_8));
            } else if (!"phx_reply".equals(event)) {
                tally.frame(nanos);
                check(fields, nanos);
            }
        } else if (frame instanceof CloseWebSocketFrame close) {
            tally.example("member " + member.index() + " closed by the gateway: " + close.statusCode() + " "
                    + close.reasonText());
            ctx.close();
        }
    }

    private void joinReply(FrameFields fields, String text) {
        if (!"ok".equals(fields.get("status"))) {
            tally.channelErrors.increment();
            tally.example("join refused: " + text);
            return;
        }
        if (joinsAwaited > 0 && --joinsAwaited == 0 && !joinedAll) {
            joinedAll = true;
            joinedOne.run();
            joined.countDown();
        }
    }

    /** A kind-4 broadcast: {@code 4, topicLen, eventLen, metaLen, encoding}, topic, event, meta, payload. */
    private void binaryBroadcast(byte[] bytes, int length, long nanos) {
        try {
            if (length < 5 || bytes[0] != 4) {
                throw new IOException("not a kind-4 broadcast");
            }
            int topicLength = bytes[1] & 0xFF;
            int eventLength = bytes[2] & 0xFF;
            int metaLength = bytes[3] & 0xFF;
            int at = 5;
            String topic = new String(bytes, at, topicLength, StandardCharsets.UTF_8);
            at += topicLength;
            String event = new String(bytes, at, eventLength, StandardCharsets.UTF_8);
            at += eventLength + metaLength;
            FrameFields fields = FrameFields.ofBroadcast(topic, event, bytes, at, length - at);
            broadcast(member.channel(topic), event, fields, nanos);
        } catch (IOException | RuntimeException e) {
            tally.badFrames.increment();
            tally.example("unreadable binary frame: " + e.getMessage());
        }
    }

    private void check(FrameFields fields, long nanos) {
        String topic = fields.get(FrameFields.TOPIC);
        String event = fields.get(FrameFields.EVENT);
        Channel channel = member.channel(topic);
        switch (event) {
            case "postgres_changes" -> change(channel, fields, nanos);
            case "broadcast" -> broadcast(channel, fields.get("event"), fields, nanos);
            case "system" -> {
                if (!"ok".equals(fields.get("status"))) {
                    tally.channelErrors.increment();
                    tally.example("system error on " + topic + ": " + fields.get("message"));
                }
            }
            case "phx_close", "phx_error" -> {
                tally.channelErrors.increment();
                tally.example(event + " on " + topic + " of member " + member.index());
            }
            default -> tally.foreign("unexpected event " + event, topic);
        }
    }

    private void change(Channel channel, FrameFields fields, long nanos) {
        String table = fields.get("data.table");
        String op = fields.get("data.type");
        String row = "DELETE".equals(op) ? "data.old_record." : "data.record.";
        if (channel == null) {
            tally.foreign("change on a channel not joined", fields.get(FrameFields.TOPIC));
            return;
        }
        long restaurant = fields.number(row + "restaurant_id");
        long customer = fields.number(row + "customer_id");
        boolean belongs = switch (channel.role()) {
            case EVERYTHING -> true;
            case RESTAURANT_REDEMPTIONS -> Audience.RESTAURANT_TABLES.contains(table) && restaurant == channel.id();
            case CUSTOMER_COUPONS -> "coupon_usage_log".equals(table) && customer == channel.id();
            default -> false;
        };
        if (!belongs) {
            tally.foreign("change outside the subscription", member.kind() + " " + channel.topic() + " got " + table
                    + " of restaurant " + restaurant + ", customer " + customer);
            return;
        }
        String key = switch (table == null ? "" : table) {
            case "coupon_usage_log" -> fields.get(row + "order_id");
            case "restaurant_tag_associations" -> restaurant + "/" + fields.get(row + "tag_id");
            default -> fields.get(row + "id");
        };
        received(table + ":" + key, op, nanos);
    }

    private void broadcast(Channel channel, String event, FrameFields fields, long nanos) {
        if (channel == null) {
            tally.foreign("broadcast on a channel not joined", fields.get(FrameFields.TOPIC));
            return;
        }
        long restaurant = fields.number("payload.restaurant_id");
        long customer = fields.number("payload.customer_id");
        switch (channel.role()) {
            case RESTAURANT_REDEMPTIONS -> {
                if ("coupon_redeemed".equals(event) && restaurant == channel.id()) {
                    received("coupon_redeemed:" + fields.get("payload.data.order_id"), event, nanos);
                    return;
                }
            }
            case CUSTOMER_COUPONS -> {
                if ("coupon_redeemed".equals(event) && customer == channel.id()) {
                    received("coupon_redeemed:" + fields.get("payload.data.order_id"), event, nanos);
                    return;
                }
                if (CUSTOMER_COUPON_EVENTS.contains(event) && (customer == -1 || customer == channel.id())) {
                    onceOnly(fields, nanos);
                    return;
                }
            }
            case CUSTOMER_SAVINGS -> {
                if (customer == channel.id()) {
                    tally.latestValues.increment();
                    return;
                }
            }
            case RESTAURANT_DEALS -> {
                if (DEAL_EVENTS.contains(event) && restaurant == channel.id()) {
                    onceOnly(fields, nanos);
                    return;
                }
            }
            case FOLLOWED_DEALS -> {
                if ("deal_published".equals(event) && restaurant == channel.id()) {
                    onceOnly(fields, nanos);
                    return;
                }
            }
            default -> {
            }
        }
        tally.foreign("broadcast outside the subscription", member.kind() + " " + channel.topic() + " got " + event
                + " of restaurant " + restaurant + ", customer " + customer);
    }

    private void onceOnly(FrameFields fields, long nanos) {
        tally.unmodelledEvents.increment();
        String id = fields.get("payload.event_id");
        if (id == null || !eventIds.add(id, nanos)) {
            tally.duplicateEvents.increment();
            tally.example("member " + member.index() + ": broadcast event again or without an id: " + id);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tally.example("member " + member.index() + ": " + cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        dropped(ctx.executor(), "disconnected");
        super.channelInactive(ctx);
    }

    /** The connection could not be opened at all. */
    void dialFailed(Throwable cause, io.netty.util.concurrent.EventExecutor executor) {
        dropped(executor, "could not connect (" + cause + ")");
    }

    private synchronized void dropped(io.netty.util.concurrent.EventExecutor executor, String how) {
        if (tally.closing) {
            return;
        }
        if (!joinedAll && redials++ < 5) {
            tally.redials.increment();
            executor.schedule(redial, 1, TimeUnit.SECONDS);
        } else {
            tally.disconnects.increment();
            tally.example("member " + member.index() + " (" + member.kind() + " " + member.id() + ") " + how
                    + (joinedAll ? " after joining" : ", the sixth time before joining"));
        }
    }
}
