package com.menuca.promo.gateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.ClientMessageLimits;
import com.menuca.promo.gateway.cluster.ClusterLink;
import com.menuca.promo.gateway.cluster.Payloads;
import com.menuca.promo.gateway.policy.ChannelRights;
import com.menuca.promo.gateway.protocol.Events;
import com.menuca.promo.gateway.protocol.Message;
import com.menuca.promo.gateway.protocol.Replies;
import com.menuca.promo.gateway.ratelimit.TokenBucket;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.schemas.gateway.PresenceKey;
import com.menuca.promo.schemas.gateway.PresenceRecord;
import com.menuca.promo.schemas.json.Json;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Presence of one socket, as realtime-js speaks it. {@code channel.track(meta)} sends
 * {@code presence} {@code {"type":"presence","event":"track","payload":meta}}: checked (the token's
 * presence write right and key on the channel, the meta's size, the socket's track rate, presences
 * per socket and per channel), shared with every gateway, and answered ok once Kafka has it; a track
 * with the same meta again changes nothing. {@code untrack()} and leaving the channel (or closing the
 * socket) remove it. A session that listens to presence ({@code config.presence.enabled}, which
 * realtime-js sets when the channel has presence bindings, or its first track, as in Supabase) and may
 * read it gets the channel's {@code presence_state} after the join reply, then every
 * {@code presence_diff}. One presence per socket and channel: tracking again replaces it.
 */
final class PresenceHandler extends SimpleChannelInboundHandler<Message> {
    /** What this socket tracks on one channel. */
    private record Tracked(PresenceKey key, JsonNode meta) {
    }

    private final ClusterLink cluster;
    private final ClientMessageLimits limits;
    private final LongSupplier nanoClock;
    private final TokenBucket rate;
    private final Map<ChannelSession, Tracked> tracked = new HashMap<>();
    private final Set<ChannelSession> listening = new HashSet<>();

    PresenceHandler(GatewayContext context, LongSupplier nanoClock) {
        super(false);
        this.cluster = context.cluster();
        this.limits = cluster.limits();
        this.nanoClock = nanoClock;
        this.rate = new TokenBucket(limits.tracksPerMinute() / 60.0, limits.trackBurst(), nanoClock.getAsLong());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message message) {
        if (!Events.PRESENCE.equals(message.event())) {
            ctx.fireChannelRead(message);
            return;
        }
        Connection connection = Connection.of(ctx.channel());
        ChannelSession session = connection.sessions().get(message.topic());
        if (session == null) {
            refuse(connection, message, "UnmatchedTopic", "join " + message.topic() + " before tracking presence on it");
            return;
        }
        String event = message.payload().path("event").asText("").toLowerCase(Locale.ROOT);
        switch (event) {
            case "track" -> track(connection, session, message);
            case "untrack" -> untrack(connection, session, message);
            default -> refuse(connection, message, "UnknownPresenceEvent", "presence event '"
                    + (event.length() > 40 ? event.substring(0, 40) + "…" : event) + "' is not track or untrack");
        }
    }

    private void track(Connection connection, ChannelSession session, Message message) {
        ChannelRights rights = session.rights();
        String channel = session.channel().canonical();
        if (!rights.presenceWrite()) {
            refuse(connection, message, "Unauthorized", "role '" + session.access().principal().role()
                    + "' may not track presence on channel '" + channel + "'");
            return;
        }
        String key = session.options().presenceKey();
        if (key.isEmpty()) {
            // no key asked for and none the token prescribes: one of its own, kept for the session's later tracks
            key = rights.onlyPresenceKey().orElseGet(() -> UUID.randomUUID().toString());
            session.setOptions(session.options().withPresenceKey(key));
        }
        var keyRefusal = rights.presenceKeyRefusal(key);
        if (keyRefusal.isPresent()) {
            refuse(connection, message, "Unauthorized", keyRefusal.get());
            return;
        }
        JsonNode meta = message.payload().get("payload");
        if (meta == null || meta.isNull()) {
            meta = Json.mapper().createObjectNode();
        }
        if (!meta.isObject()) {
            refuse(connection, message, "InvalidPresencePayload", "Presence track payload must be a map");
            return;
        }
        int size = Payloads.jsonSize(meta);
        if (size > limits.presenceMaxBytes()) {
            refuse(connection, message, "PayloadTooLarge", "presence payload of " + size + " bytes; at most "
                    + limits.presenceMaxBytes());
            return;
        }
        if (!rate.tryTake(nanoClock.getAsLong())) {
            refuse(connection, message, "RateLimited", "more than " + limits.tracksPerMinute()
                    + " presence tracks per minute on this socket");
            return;
        }
        Tracked existing = tracked.get(session);
        if (existing != null && existing.meta().equals(meta)) {
            connection.reply(message, Replies.ok()); // nothing changed
            return;
        }
        if (existing == null && tracked.size() >= limits.presencesPerConnection()) {
            refuse(connection, message, "TooManyPresences", "this socket tracks its presence on "
                    + tracked.size() + " channels; at most " + limits.presencesPerConnection());
            return;
        }
        if (existing == null && cluster.presences(channel) >= limits.presencesPerChannel()) {
            refuse(connection, message, "TooManyPresences", "channel '" + channel + "' holds "
                    + cluster.presences(channel) + " presences; at most " + limits.presencesPerChannel());
            return;
        }
        PresenceKey id = new PresenceKey(cluster.gatewayId(), connection.id(), channel);
        @SuppressWarnings("unchecked")
        Map<String, Object> metaMap = Json.mapper().convertValue(meta, Map.class);
        Tracked now = new Tracked(id, meta.deepCopy());
        tracked.put(session, now);
        if (rights.presenceRead()) {
            listen(session); // tracking enables presence, as in Supabase
        }
        cluster.track(id, PresenceRecord.presence(cluster.gatewayId(), channel, key, cluster.newRef(), metaMap,
                Instant.now())).whenComplete((ok, error) -> connection.executor().execute(() -> {
                    if (error != null) {
                        tracked.remove(session, now);
                        refuse(connection, message, "Unavailable", "the presence was not tracked: "
                                + Payloads.rootMessage(error));
                    } else {
                        cluster.metrics().trackAccepted();
                        connection.reply(message, Replies.ok());
                    }
                }));
    }

    private void untrack(Connection connection, ChannelSession session, Message message) {
        if (!rate.tryTake(nanoClock.getAsLong())) {
            refuse(connection, message, "RateLimited", "more than " + limits.tracksPerMinute()
                    + " presence tracks per minute on this socket");
            return;
        }
        Tracked was = tracked.remove(session);
        if (was == null) {
            connection.reply(message, Replies.ok());
            return;
        }
        cluster.untrack(was.key()).whenComplete((ok, error) -> connection.executor().execute(() -> {
            if (error != null) {
                refuse(connection, message, "Unavailable", "the presence was not removed: "
                        + Payloads.rootMessage(error));
            } else {
                connection.reply(message, Replies.ok());
            }
        }));
    }

    private void listen(ChannelSession session) {
        if (listening.add(session)) {
            cluster.listenPresence(session);
        }
    }

    private void refuse(Connection connection, Message message, String code, String reason) {
        cluster.metrics().refused("presence", code);
        connection.reply(message, Replies.error(code, reason));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SessionEvent.Live live) {
            ChannelSession session = live.session();
            // a join that listens to presence was refused unless its token may read it (JoinOptionsReader)
            if (session.options().presenceEnabled() && session.rights().presenceRead()) {
                listen(session);
            }
        } else if (event instanceof SessionEvent.Left left) {
            ChannelSession session = left.session();
            Tracked was = tracked.remove(session);
            if (was != null) {
                cluster.untrack(was.key());
            }
            if (listening.remove(session)) {
                cluster.forget(session);
            }
        }
        super.userEventTriggered(ctx, event);
    }

    /** Presences tracked by this socket (for tests). */
    int trackedCount() {
        return tracked.size();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // every channel was left before (JoinHandler): whatever remains is released
        tracked.values().forEach(was -> cluster.untrack(was.key()));
        tracked.clear();
        listening.forEach(cluster::forget);
        listening.clear();
        super.channelInactive(ctx);
    }
}
