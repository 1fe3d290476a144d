package com.menuca.promo.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.channel.ChannelNames;
import com.menuca.promo.gateway.policy.EventFilter;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.protocol.Vsn;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-socket send queue on an {@link EmbeddedChannel}: direct writes, waiting, coalescing, the
 * bound. (Frames here are plain text: the queue writes whatever bytes it is given.)
 */
class ConnectionTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry);
    private final Principal principal = new Principal("s", "service_role", Instant.now().plusSeconds(600),
            Map.of("role", "service_role"));

    /** A socket that turns unwritable once more than two bytes wait unflushed: after one frame, every frame queues. */
    private static EmbeddedChannel slowChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
        return channel;
    }

    private Connection connection(EmbeddedChannel channel, int maxQueued) {
        return new Connection(channel, Vsn.V2.codec(), principal, "s", metrics, maxQueued, 1_000_000);
    }

    private ChannelSession join(Connection connection, String name) {
        ChannelSession session = new ChannelSession(connection, ChannelNames.resolve(name), "1",
                Policy.defaults().accessFor(principal), EventFilter.ALL, 0);
        connection.sessions().put(session.wireTopic(), session);
        return session;
    }

    private static OutboundFrame frame(String text, String coalesceKey) {
        return OutboundFrame.live(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), false, coalesceKey, 0);
    }

    private static List<String> written(EmbeddedChannel channel) {
        List<String> texts = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof ByteBuf raw) {
                texts.add(raw.toString(StandardCharsets.UTF_8));
            } else if (message instanceof TextWebSocketFrame text) {
                texts.add(text.text());
            } else if (message instanceof CloseWebSocketFrame close) {
                texts.add("close " + close.statusCode() + " " + close.reasonText());
            }
            io.netty.util.ReferenceCountUtil.release(message);
        }
        return texts;
    }

    @Test
    void writesStraightThroughWhileTheSocketIsWritable() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection connection = connection(channel, 10);
        ChannelSession session = join(connection, "room");
        connection.deliver(session, frame("a", null));
        connection.deliver(session, frame("b", null));
        connection.flush();
        assertThat(written(channel)).containsExactly("a", "b");
        assertThat(connection.queued()).isZero();
    }

    @Test
    void framesWaitWhileUnwritableAndLatestWinsFramesReplaceEachOther() {
        EmbeddedChannel channel = slowChannel();
        Connection connection = connection(channel, 10);
        ChannelSession session = join(connection, "restaurant:1:performance");
        connection.deliver(session, frame("first", null));
        assertThat(channel.isWritable()).as("an unflushed frame over the high watermark").isFalse();
        connection.deliver(session, frame("perf-1", "k"));
        connection.deliver(session, frame("event", null));
        connection.deliver(session, frame("perf-2", "k"));
        assertThat(connection.queued()).isEqualTo(2);
        List<String> written = new ArrayList<>();
        for (int rounds = 0; rounds < 5 && (connection.queued() > 0 || rounds == 0); rounds++) {
            channel.flush();
            written.addAll(written(channel));
            connection.drain();
        }
        channel.flush();
        written.addAll(written(channel));
        assertThat(written).containsExactly("first", "event", "perf-2");
    }

    @Test
    void aSocketPastItsQueueBoundIsClosedWithTheReason() {
        EmbeddedChannel channel = slowChannel();
        Connection connection = connection(channel, 3);
        ChannelSession session = join(connection, "room");
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            OutboundFrame frame = frame("f" + i, null);
            sent.add(frame.content());
            connection.deliver(session, frame);
        }
        channel.flush();
        assertThat(written(channel)).containsExactly("f0", "close 4008 too slow: over 3 frames queued; reconnect and resume");
        assertThat(registry.find("promo.gateway.disconnects").tag("reason", "too_slow").counter().count()).isEqualTo(1);
        assertThat(sent).as("queued frames are released, not leaked").allMatch(buf -> buf.refCnt() == 0);
    }

    /**
     * Replies take the same bounded path as events: while the socket cannot be written they wait in
     * its queue, and past the bound the socket is closed, so a client that sends without reading
     * cannot pile them up (finding 4 of issue 12). Fails if a reply is written past the queue.
     */
    @Test
    void repliesWaitInTheSameBoundedQueueAsEventsAndCloseTheSocketPastIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Connection connection = connection(channel, 3);
        Message request = new Message(null, "7", "realtime:room", "nope", Replies.empty());
        connection.reply(request, Replies.error("UnmatchedTopic", "first"));
        assertThat(written(channel)).singleElement().asString().contains("UnmatchedTopic: first");
        // from here the socket takes nothing more, as when the client stopped reading and its window is full
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        for (int i = 0; i < 3; i++) {
            connection.reply(request, Replies.error("UnmatchedTopic", "waiting " + i));
        }
        assertThat(connection.queued()).as("replies wait in the send queue").isEqualTo(3);
        assertThat(written(channel)).isEmpty();
        connection.reply(request, Replies.error("UnmatchedTopic", "one too many"));
        assertThat(written(channel)).containsExactly("close 4008 too slow: over 3 frames queued; reconnect and resume");
        assertThat(registry.find("promo.gateway.disconnects").tag("reason", "too_slow").counter().count()).isEqualTo(1);
    }

    @Test
    void framesJoinedInOneBufferCountOneByOneTowardsTheBound() {
        EmbeddedChannel channel = slowChannel();
        Connection connection = connection(channel, 5);
        ChannelSession session = join(connection, "room");
        connection.deliver(session, frame("first", null));
        connection.deliver(session, OutboundFrame.liveRun(Unpooled.copiedBuffer("abc", StandardCharsets.UTF_8), 3, 0));
        assertThat(connection.queued()).as("one buffer, three frames").isEqualTo(3);
        assertThat(channel.isOpen()).isTrue();
        connection.deliver(session, OutboundFrame.liveRun(Unpooled.copiedBuffer("def", StandardCharsets.UTF_8), 3, 0));
        channel.flush();
        assertThat(written(channel)).containsExactly("first", "close 4008 too slow: over 5 frames queued; reconnect and resume");
    }

    @Test
    void closeReasonsFitTheWebSocketLimit() {
        assertThat(Connection.fitCloseReason("short")).isEqualTo("short");
        assertThat(Connection.fitCloseReason("é".repeat(200)).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    }
}
