package com.menuca.promo.gateway.feed;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import com.menuca.promo.gateway.subscription.Subscriber;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deliveries collected while the feed dispatches records, handed to each event loop as one task: a
 * socket's frames keep their order, and an event loop wakes once per batch instead of once per frame.
 *
 * <p>A socket's consecutive frames of one channel session in a batch form a run, sent as one buffer:
 * a burst of changes then costs each socket one write, not one per frame. Runs of the same frames
 * (every subscriber of a busy channel gets the same sequence) share one joined buffer, built once.
 * A run stops at {@value #MAX_RUN_BYTES} bytes, the sockets' high watermark, so a slow socket's
 * buffer never overshoots it by more. A batch is handed over at the end of each poll, or earlier once
 * it holds {@value #MAX_FRAMES} frames or {@value #MAX_BYTES} bytes of deliveries (which bounds the
 * joined copies too), so memory stays bounded and event loops start writing while the feed still
 * matches. Feed thread only.
 */
final class DeliveryBatches {
    /** Frames per batch before it is handed over even in the middle of a poll. */
    static final int MAX_FRAMES = 16_384;
    /** Bytes of frames delivered per batch (counting each socket's) before it is handed over. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    /** Bytes of one run: a new run starts past this. */
    static final int MAX_RUN_BYTES = 256 * 1024;

    /** A socket's consecutive frames (ids into the batch's frames) for one channel session. */
    private static final class Run {
        final ChannelSession session;
        final String coalesceKey;
        final long commitMillis;
        final long receivedMillis;
        int[] frameIds;
        int count;
        int bytes;
        /** The run's bytes for its socket, set when the batch is submitted. */
        OutboundFrame out;

        Run(ChannelSession session, String coalesceKey, long commitMillis, long receivedMillis, int frameId, int frameBytes) {
            this.session = session;
            this.coalesceKey = coalesceKey;
            this.commitMillis = commitMillis;
            this.receivedMillis = receivedMillis;
            // most runs in a realistic mix hold one frame: grow when a second comes
            this.frameIds = new int[2];
            this.frameIds[0] = frameId;
            this.count = 1;
            this.bytes = frameBytes;
        }

        void append(int frameId, int frameBytes) {
            if (count == frameIds.length) {
                frameIds = Arrays.copyOf(frameIds, count * 2);
            }
            frameIds[count++] = frameId;
            bytes += frameBytes;
        }
    }

    /** The frame sequence of a run, as a key: runs with equal sequences share one joined buffer. */
    private record Sequence(int[] ids, int count, int hash) {
        static Sequence of(Run run) {
            int hash = 1;
            for (int i = 0; i < run.count; i++) {
                hash = 31 * hash + run.frameIds[i];
            }
            return new Sequence(run.frameIds, run.count, hash);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Sequence s && s.count == count && s.hash == hash
                    && Arrays.equals(ids, 0, count, s.ids, 0, s.count);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final GatewayMetrics metrics;
    private final ByteBufAllocator alloc;
    private final Map<EventExecutor, List<Run>> pending = new IdentityHashMap<>();
    private final Map<Subscriber, Run> lastRun = new IdentityHashMap<>();
    /** The batch's distinct frames, each retained once by the batch. */
    private final List<FrameBuilder.Built> frames = new ArrayList<>();
    private int frameCount;
    private long deliveredBytes;

    DeliveryBatches(GatewayMetrics metrics, ByteBufAllocator alloc) {
        this.metrics = metrics;
        this.alloc = alloc;
    }

    /**
     * Adds a frame for a session; the batch keeps its own reference to {@code built}'s buffer.
     *
     * @param commitMillis when the change was committed (or the event occurred), epoch ms
     * @param receivedMillis when the feed polled the record it came from, epoch ms
     */
    void add(ChannelSession session, FrameBuilder.Built built, String coalesceKey, long commitMillis, long receivedMillis) {
        if (built.batchId < 0) {
            built.batchId = frames.size();
            frames.add(built);
            built.frame().retain();
        }
        int frameBytes = built.frame().readableBytes();
        Subscriber subscriber = session.subscriber();
        Run last = lastRun.get(subscriber);
        if (last != null && last.session == session && last.coalesceKey == null && coalesceKey == null
                && last.bytes + frameBytes <= MAX_RUN_BYTES) {
            last.append(built.batchId, frameBytes);
        } else {
            Run run = new Run(session, coalesceKey, commitMillis, receivedMillis, built.batchId, frameBytes);
            lastRun.put(subscriber, run);
            pending.computeIfAbsent(subscriber.executor(), e -> new ArrayList<>()).add(run);
        }
        frameCount++;
        deliveredBytes += frameBytes;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    boolean isFull() {
        return frameCount >= MAX_FRAMES || deliveredBytes >= MAX_BYTES;
    }

    /** Submits every batch to its event loop and starts a new one. */
    void submit() {
        Map<Sequence, ByteBuf> joined = new HashMap<>();
        try {
            for (Map.Entry<EventExecutor, List<Run>> entry : pending.entrySet()) {
                List<Run> runs = entry.getValue();
                for (Run run : runs) {
                    run.out = outbound(run, joined);
                }
                try {
                    entry.getKey().execute(() -> run(runs));
                } catch (RuntimeException rejected) {
                    runs.forEach(run -> ReferenceCountUtil.release(run.out.content()));
                }
            }
        } finally {
            joined.values().forEach(ByteBuf::release);
            frames.forEach(built -> {
                built.batchId = -1;
                built.frame().release();
            });
            frames.clear();
            pending.clear();
            lastRun.clear();
            frameCount = 0;
            deliveredBytes = 0;
        }
    }

    /** The run's bytes for its socket: the frame itself, or the run's frames joined (once per distinct sequence). */
    private OutboundFrame outbound(Run run, Map<Sequence, ByteBuf> joined) {
        if (run.count == 1) {
            FrameBuilder.Built built = frames.get(run.frameIds[0]);
            ByteBuf content = built.frame().retain().duplicate();
            return OutboundFrame.live(content, built.binary(), run.coalesceKey, run.commitMillis);
        }
        ByteBuf bytes = joined.computeIfAbsent(Sequence.of(run), sequence -> join(run));
        return OutboundFrame.liveRun(bytes.retain().duplicate(), run.count, run.commitMillis);
    }

    private ByteBuf join(Run run) {
        int size = 0;
        for (int i = 0; i < run.count; i++) {
            size += frames.get(run.frameIds[i]).frame().readableBytes();
        }
        ByteBuf bytes = alloc.buffer(size, size);
        for (int i = 0; i < run.count; i++) {
            ByteBuf frame = frames.get(run.frameIds[i]).frame();
            bytes.writeBytes(frame, frame.readerIndex(), frame.readableBytes());
        }
        return bytes;
    }

    private void run(List<Run> runs) {
        Set<Subscriber> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        long lastCommit = -1;
        for (Run run : runs) {
            long commit = run.out.commitMillis();
            if (commit != lastCommit) {
                metrics.delivered(commit, run.receivedMillis);
                lastCommit = commit;
            }
            Subscriber subscriber = run.session.subscriber();
            subscriber.deliver(run.session, run.out);
            touched.add(subscriber);
        }
        touched.forEach(Subscriber::flush);
    }
}
