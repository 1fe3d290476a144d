package com.menuca.promo.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.channel.ChannelNames;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.protocol.FrameCodec;
import com.menuca.promo.gateway.protocol.Vsn;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import com.menuca.promo.gateway.subscription.Subscriber;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the feed hands frames to sockets: a socket's consecutive frames of one channel go as one
 * buffer, in order; nothing is joined across channels or for latest-wins values; every buffer is
 * released once the sockets are done with it.
 */
class DeliveryBatchesTest {
    private final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
    private final DeliveryBatches batches = new DeliveryBatches(metrics, PooledByteBufAllocator.DEFAULT);
    private final Principal principal = new Principal("s", "service_role", Instant.now().plusSeconds(600),
            Map.of("role", "service_role"));
    private final List<FrameBuilder.Built> built = new ArrayList<>();

    /** A socket that records what it is given and releases it, as a socket's write would. */
    private static final class RecordingSocket implements Subscriber {
        final List<String> received = new ArrayList<>();
        final List<Integer> frameCounts = new ArrayList<>();
        final List<ByteBuf> underlying = new ArrayList<>();

        @Override
        public EventExecutor executor() {
            return ImmediateEventExecutor.INSTANCE;
        }

        @Override
        public FrameCodec codec() {
            return Vsn.V2.codec();
        }

        @Override
        public void deliver(ChannelSession session, OutboundFrame frame) {
            received.add(session.wireTopic() + ":" + frame.content().toString(StandardCharsets.UTF_8));
            frameCounts.add(frame.frames());
            // the innermost buffer: Netty's leak detector wraps the buffers it samples (one in 128 by default),
            // and each wrapper's unwrap() is a view of its own
            ByteBuf root = frame.content();
            while (root.unwrap() != null) {
                root = root.unwrap();
            }
            underlying.add(root);
            frame.content().release();
        }

        @Override
        public void flush() {
        }

        @Override
        public int queued() {
            return 0;
        }
    }

    private ChannelSession session(Subscriber socket, String channel) {
        return new ChannelSession(socket, ChannelNames.resolve(channel), "1", Policy.defaults().accessFor(principal),
                EventFilter.ALL, 0);
    }

    private FrameBuilder.Built frame(String text) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        buf.writeCharSequence(text, StandardCharsets.UTF_8);
        FrameBuilder.Built frame = new FrameBuilder.Built(buf, false);
        built.add(frame);
        return frame;
    }

    /** What the frame builder does after each event: drops its own reference. */
    private void releaseBuilt() {
        built.forEach(b -> b.frame().release());
    }

    @Test
    void aSocketsConsecutiveFramesOfOneChannelGoAsOneBufferInOrder() {
        RecordingSocket socket = new RecordingSocket();
        ChannelSession room = session(socket, "room");
        batches.add(room, frame("a"), null, 1, 1);
        batches.add(room, frame("b"), null, 2, 2);
        batches.add(room, frame("c"), null, 3, 3);
        batches.submit();
        releaseBuilt();
        assertThat(socket.received).containsExactly("realtime:room:abc");
        assertThat(socket.frameCounts).containsExactly(3);
        assertThat(built).allMatch(b -> b.frame().refCnt() == 0);
    }

    @Test
    void framesOfTwoChannelsOnOneSocketKeepTheirInterleavedOrder() {
        RecordingSocket socket = new RecordingSocket();
        ChannelSession a = session(socket, "a");
        ChannelSession b = session(socket, "b");
        batches.add(a, frame("1"), null, 1, 1);
        batches.add(b, frame("2"), null, 2, 2);
        batches.add(a, frame("3"), null, 3, 3);
        batches.add(a, frame("4"), null, 4, 4);
        batches.submit();
        releaseBuilt();
        assertThat(socket.received).containsExactly("realtime:a:1", "realtime:b:2", "realtime:a:34");
        assertThat(socket.frameCounts).containsExactly(1, 1, 2);
    }

    @Test
    void latestWinsFramesAreNeverJoined() {
        RecordingSocket socket = new RecordingSocket();
        ChannelSession perf = session(socket, "restaurant:1:performance");
        batches.add(perf, frame("p1"), "k", 1, 1);
        batches.add(perf, frame("p2"), "k", 2, 2);
        batches.add(perf, frame("e"), null, 3, 3);
        batches.submit();
        releaseBuilt();
        assertThat(socket.received).containsExactly("realtime:restaurant:1:performance:p1",
                "realtime:restaurant:1:performance:p2", "realtime:restaurant:1:performance:e");
    }

    @Test
    void socketsGettingTheSameFramesShareOneJoinedBuffer() {
        RecordingSocket first = new RecordingSocket();
        RecordingSocket second = new RecordingSocket();
        ChannelSession one = session(first, "busy");
        ChannelSession two = session(second, "busy");
        FrameBuilder.Built x = frame("x");
        FrameBuilder.Built y = frame("y");
        batches.add(one, x, null, 1, 1);
        batches.add(two, x, null, 1, 1);
        batches.add(one, y, null, 2, 2);
        batches.add(two, y, null, 2, 2);
        batches.submit();
        releaseBuilt();
        assertThat(first.received).containsExactly("realtime:busy:xy");
        assertThat(second.received).containsExactly("realtime:busy:xy");
        assertThat(first.underlying.get(0)).as("one joined buffer for both").isSameAs(second.underlying.get(0));
        assertThat(first.underlying.get(0).refCnt()).as("released by both sockets and the batch").isZero();
    }

    @Test
    void aRunStopsAtTheHighWatermarkAndABatchIsFullAtItsByteLimit() {
        RecordingSocket socket = new RecordingSocket();
        ChannelSession room = session(socket, "room");
        FrameBuilder.Built big = frame("x".repeat(DeliveryBatches.MAX_RUN_BYTES / 2));
        long added = 0;
        while (!batches.isFull()) {
            batches.add(room, big, null, 1, 1);
            added += DeliveryBatches.MAX_RUN_BYTES / 2;
        }
        assertThat(added).isEqualTo(DeliveryBatches.MAX_BYTES);
        batches.submit();
        releaseBuilt();
        assertThat(socket.frameCounts).as("two frames per run").allMatch(count -> count == 2)
                .hasSize((int) (DeliveryBatches.MAX_BYTES / DeliveryBatches.MAX_RUN_BYTES));
    }

    @Test
    void aBatchIsFullAfterItsFrameLimitAndEmptyAfterSubmitting() {
        RecordingSocket socket = new RecordingSocket();
        ChannelSession room = session(socket, "room");
        FrameBuilder.Built same = frame(".");
        for (int i = 0; i < DeliveryBatches.MAX_FRAMES; i++) {
            assertThat(batches.isFull()).isFalse();
            batches.add(room, same, null, 1, 1);
        }
        assertThat(batches.isFull()).isTrue();
        batches.submit();
        releaseBuilt();
        assertThat(batches.isEmpty()).isTrue();
        assertThat(batches.isFull()).isFalse();
        assertThat(socket.frameCounts).containsExactly(DeliveryBatches.MAX_FRAMES);
        assertThat(socket.received.get(0)).hasSize("realtime:room:".length() + DeliveryBatches.MAX_FRAMES);
    }
}
