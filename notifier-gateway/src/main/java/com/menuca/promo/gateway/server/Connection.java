package com.menuca.promo.gateway.server;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.policy.Access;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.FrameCodec;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.protocol.WebSocketFraming;
import com.menuca.promo.gateway.ratelimit.TokenBucket;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import com.menuca.promo.gateway.subscription.Subscriber;
import com.menuca.promo.gateway.resume.ReplayBudget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket: its joined channels and its send queue. Everything the gateway sends on it, events
 * and replies alike, goes through that queue: frames go straight to the socket while it is writable
 * and within its outbound rate; otherwise they wait, up to a bound in frames and in bytes. A
 * latest-wins frame replaces a waiting one of the same key instead of queueing behind it. Past either
 * bound the socket is closed with {@link CloseCodes#TOO_SLOW}: the client reconnects and resumes
 * without loss, and the gateway never holds an unbounded backlog, whatever the client sends or fails
 * to read. Confined to the socket's event loop (but {@link #queued()} and {@link #heldBytes()}).
 */
public final class Connection implements Subscriber {
    /** The socket's connection, set once its WebSocket handshake completed. */
    static final io.netty.util.AttributeKey<Connection> KEY = io.netty.util.AttributeKey.valueOf("promo.connection");
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    /** Unique among this gateway's sockets (presence and broadcasts name the socket by it). */
    private final String id = "s" + Long.toString(IDS.incrementAndGet(), 36);

    private final Channel channel;
    private final FrameCodec codec;
    private final Principal principal;
    private final String subjectKey;
    private final GatewayMetrics metrics;
    private final int maxQueued;
    private final long maxQueuedBytes;
    private final TokenBucket outboundRate;
    /** Sized for a handful of channels, the usual client (it grows for more). */
    private final Map<String, ChannelSession> sessions = new LinkedHashMap<>(8);
    /**
     * Frames waiting to be written; null while none wait (most sockets, most of the time), and
     * dropped once drained, so a burst's backlog leaves no large array behind on an idle socket.
     */
    private ArrayDeque<OutboundFrame> queue;
    /** Frames in {@link #queue} (an entry may hold several). */
    private int queuedFrames;
    private volatile int queuedCount;
    /** Bytes waiting in {@link #queue} and held back behind replays. */
    private volatile long pendingBytes;
    private boolean flushNeeded;
    private boolean drainScheduled;
    private volatile boolean closing;
    private ChannelHandlerContext rawWriter;
    private long framesWritten;
    private ReplayBudget replayBudget = new ReplayBudget(Long.MAX_VALUE);
    /** When the socket's last message arrived (or it upgraded), System.nanoTime(): read by the heartbeat sweep. */
    private volatile long lastReadNanos = System.nanoTime();
    /** When the earliest token of the socket's live channels expires, epoch ms (none: Long.MAX_VALUE); read by the sweep. */
    private volatile long tokensDueMillis = Long.MAX_VALUE;
    /** The access last compiled on this socket: its joins and refreshes with one token share it. */
    private Access access;
    /** The tokens its joins and refreshes carried, each verified once. */
    private final SocketTokens tokens = new SocketTokens();

    public Connection(Channel channel, FrameCodec codec, Principal principal, String subjectKey, GatewayMetrics metrics,
                      int maxQueued, int eventsPerSecond) {
        this(channel, codec, principal, subjectKey, metrics, maxQueued, Long.MAX_VALUE, eventsPerSecond);
    }

    /**
     * @param maxQueued      frames that may wait (queued and held back behind a replay)
     * @param maxQueuedBytes bytes that may wait, likewise
     */
    public Connection(Channel channel, FrameCodec codec, Principal principal, String subjectKey, GatewayMetrics metrics,
                      int maxQueued, long maxQueuedBytes, int eventsPerSecond) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.channel = channel;
        this.codec = codec;
        this.principal = principal;
        this.subjectKey = subjectKey;
        this.metrics = metrics;
        this.maxQueued = maxQueued;
        this.outboundRate = new TokenBucket(eventsPerSecond, eventsPerSecond);
    }

    /** This socket's id, unique on this gateway instance. */
    public String id() {
        return id;
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public EventExecutor executor() {
        return channel.eventLoop();
    }

    @Override
    public FrameCodec codec() {
        return codec;
    }

    /** The token the socket connected with (channels may carry their own). */
    public Principal principal() {
        return principal;
    }

    /** The tokens the socket's joins and refreshes carry (event loop only). */
    SocketTokens tokens() {
        return tokens;
    }

    /**
     * What {@code principal} may see: compiled once per token on this socket, not once per channel
     * (a client joins its channels, and refreshes them, with one token). Event loop only.
     */
    Access accessFor(Principal principal, Policy policy) {
        Access known = access;
        if (known == null || (known.principal() != principal && !known.principal().equals(principal))) {
            known = policy.accessFor(principal);
            access = known;
        }
        return known;
    }

    /** Notes that a message arrived (event loop). */
    void received(long nanos) {
        lastReadNanos = nanos;
    }

    /** When the last message arrived, or the socket upgraded ({@link System#nanoTime()}); any thread. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /** When a token of a live channel expires next, epoch ms, or {@link Long#MAX_VALUE}; any thread. */
    long tokensDueMillis() {
        return tokensDueMillis;
    }

    /** Sets when a token of a live channel expires next (event loop: the token lifecycle keeps it). */
    void tokensDue(long epochMillis) {
        tokensDueMillis = epochMillis;
    }

    String subjectKey() {
        return subjectKey;
    }

    /** Joined channels by wire topic. */
    Map<String, ChannelSession> sessions() {
        return sessions;
    }

    @Override
    public void deliver(ChannelSession session, OutboundFrame frame) {
        if (closing || session.isClosed() || sessions.get(session.wireTopic()) != session) {
            ReferenceCountUtil.release(frame.content());
            return;
        }
        if (session.isHoldingBack() && !frame.replayed()) {
            pendingBytes += frame.content().readableBytes();
            if (session.holdBackFrame(frame) + queuedFrames > maxQueued || pendingBytes > maxQueuedBytes) {
                tooSlow();
            }
            return;
        }
        enqueue(frame);
    }

    /**
     * Detaches a channel from this socket: no longer joined, frames held back for it released. The
     * caller also tells the feed ({@link com.menuca.promo.gateway.feed.SessionFeed#leave}).
     */
    void detach(ChannelSession session) {
        if (sessions.remove(session.wireTopic()) == session) {
            metrics.channelLeft();
        }
        for (OutboundFrame frame : session.releaseHeldBack()) {
            pendingBytes -= frame.content().readableBytes();
            ReferenceCountUtil.release(frame.content());
        }
    }

    /**
     * Ends a replay: after the replayed frames, a {@code system} message with extension {@code resume}
     * (so a client knows it has caught up), then the frames held back meanwhile, in order; then live.
     */
    void releaseHeldBack(ChannelSession session) {
        if (!closing && !session.isClosed()) {
            Message caughtUp = new Message(session.joinRef(), null, session.wireTopic(), Events.SYSTEM,
                    Replies.resumed(session.channel().requested()));
            deliver(session, new OutboundFrame(WebSocketFraming.frameAndRelease(codec.encode(caughtUp, channel.alloc()),
                    false, channel.alloc()), false, null, 0, true));
        }
        for (OutboundFrame frame : session.releaseHeldBack()) {
            pendingBytes -= frame.content().readableBytes();
            if (closing || session.isClosed()) {
                ReferenceCountUtil.release(frame.content());
            } else {
                enqueue(frame);
            }
        }
        flush();
    }

    private void enqueue(OutboundFrame frame) {
        if (queue == null && channel.isWritable() && outboundRate.tryTake(System.nanoTime(), frame.frames())) {
            write(frame);
            return;
        }
        if (queue == null) {
            queue = new ArrayDeque<>(8);
        } else if (frame.coalesceKey() != null && replaceQueued(frame)) {
            return;
        }
        queue.add(frame);
        queuedFrames += frame.frames();
        queuedCount = queuedFrames;
        pendingBytes += frame.content().readableBytes();
        if (queuedFrames > maxQueued || pendingBytes > maxQueuedBytes) {
            tooSlow();
            return;
        }
        scheduleDrain();
    }

    private boolean replaceQueued(OutboundFrame frame) {
        for (Iterator<OutboundFrame> it = queue.descendingIterator(); it.hasNext(); ) {
            OutboundFrame queued = it.next();
            if (frame.coalesceKey().equals(queued.coalesceKey())) {
                it.remove();
                pendingBytes += frame.content().readableBytes() - queued.content().readableBytes();
                ReferenceCountUtil.release(queued.content());
                queue.add(frame);
                metrics.drop("coalesced");
                return true;
            }
        }
        return false;
    }

    /**
     * Writes an already framed event below the WebSocket encoder (the handshake names it
     * {@code wsencoder}): the shared bytes go to the socket as they are.
     */
    private void write(OutboundFrame frame) {
        if (rawWriter == null) {
            ChannelHandlerContext encoder = channel.pipeline().context("wsencoder");
            rawWriter = encoder != null ? encoder : channel.pipeline().firstContext();
        }
        if (rawWriter == null) {
            channel.write(frame.content(), channel.voidPromise());
        } else {
            rawWriter.write(frame.content(), rawWriter.voidPromise());
        }
        flushNeeded = true;
        framesWritten += frame.frames();
    }

    /** Frames written since the last call (the caller adds them to the metrics in bulk). */
    long takeFramesWritten() {
        long written = framesWritten;
        framesWritten = 0;
        return written;
    }

    /**
     * Sends a control message (reply, system message) through the same bounded queue as events: a
     * client that does not read its replies cannot make the gateway hold more than the bound.
     */
    void send(Message message) {
        if (closing) {
            return;
        }
        ByteBuf frame = WebSocketFraming.frameAndRelease(codec.encode(message, channel.alloc()), false, channel.alloc());
        enqueue(new OutboundFrame(frame, false, null, 0, false));
        flush();
    }

    /**
     * Bytes this socket holds in the gateway: its send queue, frames held back behind a replay, and
     * what Netty has not yet handed to the kernel. Any thread; approximate.
     */
    public long heldBytes() {
        io.netty.channel.ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return pendingBytes + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    /** Replies to a client message (same join_ref, ref and topic). */
    void reply(Message request, com.fasterxml.jackson.databind.JsonNode payload) {
        send(new Message(request.joinRef(), request.ref(), request.topic(),
                com.menuca.promo.gateway.protocol.Events.REPLY, payload));
    }

    /** What this socket may still have replayed. */
    ReplayBudget replayBudget() {
        return replayBudget;
    }

    Connection withReplayBudget(long records) {
        this.replayBudget = new ReplayBudget(records);
        return this;
    }

    /** The connection of a socket, or null before its handshake completed. */
    static Connection of(Channel channel) {
        return channel.attr(KEY).get();
    }

    @Override
    public void flush() {
        if (flushNeeded) {
            flushNeeded = false;
            // from where the frames were written: a flush from the pipeline's tail would pass every
            // realtime handler on its way to the socket, once per socket and batch
            if (rawWriter != null) {
                rawWriter.flush();
            } else {
                channel.flush();
            }
        }
        if (framesWritten > 0) {
            metrics.framesOut(takeFramesWritten());
        }
    }

    @Override
    public int queued() {
        return queuedCount;
    }

    /** Called when the socket becomes writable again, and by the rate limiter's timer. */
    void drain() {
        drainScheduled = false;
        while (queue != null && channel.isWritable() && !closing) {
            long now = System.nanoTime();
            int frames = queue.peek().frames();
            if (!outboundRate.tryTake(now, frames)) {
                scheduleDrainIn(outboundRate.nanosUntilTokens(now, frames));
                break;
            }
            queuedFrames -= frames;
            OutboundFrame next = queue.poll();
            pendingBytes -= next.content().readableBytes();
            write(next);
            if (queue.isEmpty()) {
                queue = null;
            }
        }
        queuedCount = queuedFrames;
        flush();
    }

    private void scheduleDrain() {
        if (channel.isWritable() && queue != null) {
            scheduleDrainIn(outboundRate.nanosUntilTokens(System.nanoTime(), queue.peek().frames()));
        }
    }

    private void scheduleDrainIn(long nanos) {
        if (!drainScheduled) {
            drainScheduled = true;
            channel.eventLoop().schedule(this::drain, Math.max(nanos, 100_000), TimeUnit.NANOSECONDS);
        }
    }

    private void tooSlow() {
        metrics.disconnect("too_slow");
        close(CloseCodes.TOO_SLOW, pendingBytes > maxQueuedBytes
                ? "too slow: over " + maxQueuedBytes + " bytes queued; reconnect and resume"
                : "too slow: over " + maxQueued + " frames queued; reconnect and resume");
    }

    /** Closes the socket with a code and reason, dropping whatever waits in the queue. */
    public void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        releaseQueue();
        channel.writeAndFlush(new CloseWebSocketFrame(code, fitCloseReason(reason))).addListener(ChannelFutureListener.CLOSE);
        // a client that stopped reading never takes the close frame: do not wait for it
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, 2, TimeUnit.SECONDS);
    }

    /** A close frame's reason may hold at most 123 bytes of UTF-8; longer ones are cut (clients reject them). */
    static String fitCloseReason(String reason) {
        byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return reason;
        }
        String cut = reason;
        while (cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 120) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    /** Whether a close began; any thread (the heartbeat sweep reads it), exact on the event loop. */
    boolean isClosing() {
        return closing;
    }

    void releaseQueue() {
        if (queue != null) {
            queue.forEach(frame -> ReferenceCountUtil.release(frame.content()));
            queue = null;
        }
        queuedFrames = 0;
        queuedCount = 0;
        for (ChannelSession session : sessions.values()) {
            session.releaseHeldBack().forEach(frame -> ReferenceCountUtil.release(frame.content()));
        }
        pendingBytes = 0;
    }
}
