package com.menuca.promo.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.common.config.ConfigSource;
import com.menuca.promo.gateway.GatewayConfig;
import com.menuca.promo.gateway.ClientMessageLimits;
import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.cluster.ClusterLink;
import com.menuca.promo.gateway.cluster.ClusterMetrics;
import com.menuca.promo.gateway.cluster.UnavailableException;
import com.menuca.promo.schemas.gateway.ClientBroadcast;
import com.menuca.promo.schemas.gateway.PresenceKey;
import com.menuca.promo.schemas.gateway.PresenceRecord;
import java.util.concurrent.CompletableFuture;
import com.menuca.promo.gateway.auth.DevTokens;
import com.menuca.promo.gateway.auth.Principal;
import com.menuca.promo.gateway.auth.TokenVerifier;
import com.menuca.promo.gateway.feed.JoinRequest;
import com.menuca.promo.gateway.feed.SessionFeed;
import com.menuca.promo.gateway.policy.Policy;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Vsn;
import com.menuca.promo.gateway.ratelimit.ConnectionLimiter;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.testing.GatewayStack;
import com.menuca.promo.schemas.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One realtime handler (or a few) on an {@link EmbeddedChannel} whose socket already upgraded: a
 * {@link Connection} speaking vsn 2.0.0 with a service-role token, a fake feed that records joins
 * and leaves, and a recorder at the tail for what the handlers pass on.
 */
final class HandlerFixture {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final GatewayMetrics metrics = new GatewayMetrics(registry);
    final FakeFeed feed = new FakeFeed();
    final FakeCluster cluster;
    final GatewayContext context;
    final EmbeddedChannel channel;
    final Connection connection;
    final Recorder tail = new Recorder();

    HandlerFixture(Map<String, String> settings, Principal principal, ChannelHandler... handlers) {
        Map<String, String> all = new HashMap<>(settings);
        GatewayConfig config = GatewayConfig.loadForDev(ConfigSource.of(all));
        cluster = new FakeCluster(config.clientLimits(), new ClusterMetrics(registry));
        context = new GatewayContext(config, new TokenVerifier(DevTokens.DEV_SECRET), Policy.defaults(), feed,
                null, metrics, new ConnectionLimiter(10, 10), new OpenSockets(10),
                new com.menuca.promo.gateway.resume.PositionKey(GatewayConfig.DEV_RESUME_KEY), cluster);
        channel = new EmbeddedChannel();
        channel.freezeTime();
        connection = new Connection(channel, Vsn.V2.codec(), principal, principal.subject(), metrics,
                config.sendQueueFrames(), config.eventsPerSecond());
        channel.attr(Connection.KEY).set(connection);
        channel.pipeline().addLast(handlers);
        channel.pipeline().addLast(tail);
    }

    static Principal serviceRole(Instant expiresAt) {
        return new Principal("svc", "service_role", expiresAt, Map.of("role", "service_role"));
    }

    static Message message(String topic, String event, String ref, String payload) {
        try {
            return new Message(ref, ref, topic, event, Json.mapper().readTree(payload));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** What the handlers wrote to the socket, decoded: arrays of vsn 2.0.0, "close CODE REASON" for close frames. */
    List<String> written() {
        List<String> texts = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof ByteBuf raw) {
                texts.add(unframe(raw));
            } else if (message instanceof TextWebSocketFrame text) {
                texts.add(text.text());
            } else if (message instanceof CloseWebSocketFrame close) {
                texts.add("close " + close.statusCode() + " " + close.reasonText());
            }
            ReferenceCountUtil.release(message);
        }
        return texts;
    }

    /** The payload of a whole server-to-client WebSocket frame, as the send queue writes them. */
    private static String unframe(ByteBuf frame) {
        int length = frame.getUnsignedByte(1);
        int header = length == 126 ? 4 : length == 127 ? 10 : 2;
        return frame.toString(header, frame.readableBytes() - header, StandardCharsets.UTF_8);
    }

    /** The written frames as JSON (vsn 2.0.0 arrays: join_ref, ref, topic, event, payload). */
    List<JsonNode> writtenJson() {
        List<JsonNode> nodes = new ArrayList<>();
        for (String text : written()) {
            try {
                nodes.add(Json.mapper().readTree(text));
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }
        return nodes;
    }

    /**
     * A socket of {@code principal} with the handlers of what a client sends on a channel: joins
     * (default policy), broadcasts and presence, timed by {@code nanos}.
     */
    static HandlerFixture clientMessages(Map<String, String> settings, Principal principal, LongSupplier nanos) {
        HandlerFixture f = new HandlerFixture(settings, principal);
        f.channel.pipeline().addFirst(new JoinHandler(f.context,
                        new ChannelJoiner(new TokenVerifier(DevTokens.DEV_SECRET), Policy.defaults(), 16,
                        f.context.positions()), nanos),
                new BroadcastHandler(f.context, nanos), new PresenceHandler(f.context, nanos));
        return f;
    }

    /** A restaurant staff member's verified token. */
    static Principal staff(long restaurant) {
        return new Principal("staff", "restaurant_staff", Instant.now().plusSeconds(600),
                Map.of("role", "restaurant_staff", "restaurant_ids", List.of(restaurant)));
    }

    /** The last frame written, as JSON (null when nothing was). */
    JsonNode lastWrittenJson() {
        List<JsonNode> written = writtenJson();
        return written.isEmpty() ? null : written.get(written.size() - 1);
    }

    /** The reason of an error reply ({@code phx_reply} as a vsn 2.0.0 array). */
    static String reason(JsonNode reply) {
        return reply.get(4).path("response").path("reason").asText();
    }

    /** Records joins and leaves instead of reading Kafka. */
    static final class FakeFeed implements SessionFeed {
        final List<JoinRequest> joins = new ArrayList<>();
        final List<ChannelSession> leaves = new ArrayList<>();

        @Override
        public void join(JoinRequest request) {
            joins.add(request);
        }

        @Override
        public void leave(ChannelSession session) {
            session.close();
            leaves.add(session);
        }
    }

    /**
     * Records what the handlers share with the other gateways instead of writing to Kafka; each send
     * completes when the test says ({@link #complete}, {@link #fail}).
     */
    static final class FakeCluster implements ClusterLink {
        final ClientMessageLimits limits;
        final ClusterMetrics metrics;
        final List<ClientBroadcast> broadcasts = new ArrayList<>();
        final List<Map.Entry<PresenceKey, PresenceRecord>> tracks = new ArrayList<>();
        final List<PresenceKey> untracks = new ArrayList<>();
        final List<ChannelSession> broadcastListeners = new ArrayList<>();
        final List<ChannelSession> presenceListeners = new ArrayList<>();
        final List<ChannelSession> forgotten = new ArrayList<>();
        final List<CompletableFuture<Void>> sends = new ArrayList<>();
        final Map<String, Integer> presences = new HashMap<>();
        private int refs;

        FakeCluster(ClientMessageLimits limits, ClusterMetrics metrics) {
            this.limits = limits;
            this.metrics = metrics;
        }

        @Override
        public String gatewayId() {
            return "gw-test";
        }

        @Override
        public ClientMessageLimits limits() {
            return limits;
        }

        @Override
        public ClusterMetrics metrics() {
            return metrics;
        }

        @Override
        public String newRef() {
            return "ref" + ++refs;
        }

        @Override
        public int presences(String channel) {
            return presences.getOrDefault(channel, 0);
        }

        @Override
        public CompletableFuture<Void> broadcast(ClientBroadcast broadcast) {
            broadcasts.add(broadcast);
            return pending();
        }

        @Override
        public CompletableFuture<Void> track(PresenceKey key, PresenceRecord presence) {
            tracks.add(Map.entry(key, presence));
            return pending();
        }

        @Override
        public CompletableFuture<Void> untrack(PresenceKey key) {
            untracks.add(key);
            return pending();
        }

        @Override
        public void listenBroadcasts(ChannelSession session, String socket) {
            broadcastListeners.add(session);
        }

        @Override
        public void listenPresence(ChannelSession session) {
            presenceListeners.add(session);
        }

        @Override
        public void forget(ChannelSession session) {
            forgotten.add(session);
        }

        private CompletableFuture<Void> pending() {
            CompletableFuture<Void> future = new CompletableFuture<>();
            sends.add(future);
            return future;
        }

        /** Acknowledges every send so far (as Kafka would). */
        void complete() {
            sends.forEach(future -> future.complete(null));
        }

        /** Fails every send so far (Kafka unreachable). */
        void fail() {
            sends.forEach(future -> future.completeExceptionally(new UnavailableException("Kafka is down")));
        }
    }

    /** The tail: what reached it (messages and user events). */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> reads = new ArrayList<>();
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            reads.add(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }
}
