package com.menuca.promo.gateway.feed;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.channel.EventRoutes;
import com.menuca.promo.gateway.postgres.ChangePayload;
import com.menuca.promo.gateway.postgres.TypedRow;
import com.menuca.promo.gateway.subscription.Binding;
import com.menuca.promo.gateway.subscription.ChangeType;
import com.menuca.promo.gateway.subscription.ChannelIndex;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.SubscriptionIndex;
import com.menuca.promo.schemas.cdc.CdcTable;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Matches each record against the indexes and hands frames to the sockets' event loops. Keeps the
 * feed's position (next offset per topic and partition), which every delivered frame carries for
 * resume. Confined to the feed thread.
 */
public final class Dispatcher {
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final ChannelIndex channels = new ChannelIndex();
    private final LatestValues latest;
    private final GatewayMetrics metrics;
    private final int maxChangeBytes;
    private final FrameBuilder frames;
    /** Frames of a change as each delivered type (a subscriber may see an UPDATE as an INSERT or DELETE). */
    private final FrameBuilder[] changeFrames = new FrameBuilder[ChangeType.values().length];
    private final DeliveryBatches batches;
    private final long[][] next = new long[FeedTopic.values().length][];
    /** Sessions with a matching binding for the event being dispatched, in the order found. */
    private final List<ChannelSession> matchOrder = new ArrayList<>();
    /** Number of the event being dispatched (sessions keep their matches per event number). */
    private long event;

    public Dispatcher(LatestValues latest, GatewayMetrics metrics, int maxChangeBytes, ByteBufAllocator alloc,
                      com.menuca.promo.gateway.resume.PositionKey key) {
        this.latest = latest;
        this.metrics = metrics;
        this.maxChangeBytes = maxChangeBytes;
        this.frames = new FrameBuilder(alloc, key);
        for (ChangeType type : ChangeType.values()) {
            changeFrames[type.ordinal()] = new FrameBuilder(alloc, key);
        }
        this.batches = new DeliveryBatches(metrics, alloc);
    }

    SubscriptionIndex index() {
        return index;
    }

    ChannelIndex channels() {
        return channels;
    }

    /** Next offset per partition of a topic, as the feed stands (the live position of a join). */
    long[] next(FeedTopic topic) {
        return next[topic.code()];
    }

    long[][] offsets() {
        return next;
    }

    void setPartitions(FeedTopic topic, long[] positions) {
        next[topic.code()] = positions.clone();
    }

    /** Records that the feed has read past offsets that carried nothing to deliver (control records, skipped ops). */
    void advance(FeedTopic topic, int partition, long nextOffset) {
        long[] offsets = next[topic.code()];
        if (offsets != null && partition < offsets.length && nextOffset > offsets[partition]) {
            offsets[partition] = nextOffset;
        }
    }

    /**
     * A record of a change topic ({@code receivedMillis}: when the feed polled it). Each subscriber gets the
     * change as its token sees it ({@link com.menuca.promo.gateway.policy.Access#visibleAs}): never a
     * row image it may not see, an UPDATE moving a row into its view as an INSERT, out of it as a
     * DELETE. Bindings are matched on the delivered type and on the row it carries (the old row of a
     * DELETE, else the new one).
     */
    void change(FeedTopic topic, int partition, long offset, long receivedMillis, ChangeEvent<ObjectNode> change) {
        advance(topic, partition, offset + 1);
        CdcTable table = topic.table();
        ChangeType type = change.op() == null ? null : ChangeType.of(change.op()).orElse(null);
        if (type == null || !index.hasBindings(table)) {
            return;
        }
        TypedRow after = type == ChangeType.DELETE || change.after() == null ? null : new TypedRow(change.after());
        TypedRow before = type == ChangeType.INSERT || change.before() == null ? null : new TypedRow(change.before());
        if (after == null && before == null) {
            return;
        }
        event++;
        // a binding may match either image: the new row as delivered, or the old one of a row leaving a view
        if (after != null) {
            index.candidates(table, after, binding -> collect(binding, table, type, before, after, topic, partition, offset));
        }
        if (before != null) {
            index.candidates(table, before, binding -> collect(binding, table, type, before, after, topic, partition, offset));
        }
        if (matchOrder.isEmpty()) {
            return;
        }
        byte[][] data = new byte[ChangeType.values().length][];
        long commitMillis = change.source() != null ? change.source().tsMs() : change.tsMs();
        int reached = 0;
        try {
            for (ChannelSession session : matchOrder) {
                ChangeType seen = session.view();
                int kind = seen.ordinal();
                if (data[kind] == null) {
                    data[kind] = ChangePayload.encode(table, seen.name(), change, maxChangeBytes);
                }
                batches.add(session, changeFrames[kind].change(session, session.matchedIds(event), data[kind], next), null,
                        commitMillis, receivedMillis);
                reached++;
            }
        } finally {
            for (FrameBuilder builder : changeFrames) {
                builder.release();
            }
            matchOrder.clear();
        }
        metrics.fanOut(reached);
    }

    /** Adds the binding's id to its session's matches ({@code ids[0]} counts them; ids follow). */
    private void collect(Binding binding, CdcTable table, ChangeType type, TypedRow before, TypedRow after,
                         FeedTopic topic, int partition, long offset) {
        ChannelSession session = binding.session();
        if (session.isClosed() || session.coveredByResume(topic.code(), partition, offset)) {
            return;
        }
        if (!session.hasView(event)) {
            session.setView(event, session.access().visibleAs(table, type, before, after));
            if (session.view() == null) {
                metrics.drop("policy");
            }
        }
        ChangeType seen = session.view();
        if (seen == null || !binding.selects(seen) || !binding.filter().matches(seen == ChangeType.DELETE ? before : after)) {
            return;
        }
        int[] ids = session.matchedIds(event);
        int count = ids[0];
        if (count == 0) {
            matchOrder.add(session);
        }
        for (int i = 1; i <= count; i++) {
            if (ids[i] == binding.id()) {
                return;
            }
        }
        if (count + 1 >= ids.length) {
            ids = session.growMatchedIds();
        }
        ids[count + 1] = binding.id();
        ids[0] = count + 1;
    }

    /** A record of a derived topic (an event, or a latest-wins value; null value: a tombstone). */
    void derived(FeedTopic topic, int partition, long offset, long receivedMillis, JsonNode key, String keyText, JsonNode value,
                 byte[] raw) {
        advance(topic, partition, offset + 1);
        if (value == null || !value.isObject()) {
            if (topic.isLatestWins() && keyText != null) {
                EventRoutes.routes(topic, key, com.menuca.promo.schemas.json.Json.mapper().createObjectNode())
                        .forEach(route -> latest.remove(route.channel(), keyText));
            }
            return;
        }
        long occurred = occurredMillis(value);
        String eventId = topic.isLatestWins() ? null : value.path("event_id").asText("");
        int reached = 0;
        try {
            for (EventRoutes.Route route : EventRoutes.routes(topic, key, value)) {
                byte[] meta;
                String coalesceKey = null;
                if (topic.isLatestWins()) {
                    latest.put(route.channel(), new LatestValues.Latest(route.event(), keyText, raw));
                    coalesceKey = route.channel() + "|" + keyText;
                    meta = utf8("{\"key\":\"" + escape(keyText) + "\"}");
                } else {
                    meta = null;
                }
                for (ChannelSession session : channels.sessions(route.channel())) {
                    if (session.isClosed() || !session.channel().receives(route.event())
                            || session.coveredByResume(topic.code(), partition, offset)
                            || !session.eventFilter().allows(value)) {
                        continue;
                    }
                    byte[] sessionMeta = meta != null ? meta : frames.eventMeta(session, eventId, next);
                    String event = session.channel().clientEvent(route.event());
                    batches.add(session, frames.broadcast(session, event, raw, sessionMeta), coalesceKey, occurred,
                            receivedMillis);
                    reached++;
                }
            }
        } finally {
            frames.release();
        }
        metrics.fanOut(reached);
    }

    /** {@code {"id":"<event_id>","position":"<token>"}}: the event's identity and where the channel's stream stands after it. */
    public static String eventMeta(JsonNode value, String position) {
        String id = value.path("event_id").asText("");
        return "{\"id\":\"" + escape(id) + "\",\"position\":\"" + position + "\"}";
    }

    private static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text == null ? "" : text));
    }

    static long occurredMillis(JsonNode value) {
        JsonNode occurred = value.get("occurred_at");
        if (occurred == null || occurred.isNull()) {
            return 0;
        }
        if (occurred.isNumber()) {
            return occurred.longValue();
        }
        try {
            return java.time.Instant.parse(occurred.asText()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    /** Hands the collected frames to the event loops. */
    void flush() {
        if (!batches.isEmpty()) {
            batches.submit();
        }
    }

    /** Hands the collected frames over early if the batch is full (between records of one poll). */
    void flushIfFull() {
        if (batches.isFull()) {
            batches.submit();
        }
    }

    void register(ChannelSession session) {
        session.bindings().forEach(index::add);
        if (session.channel().kind() != com.menuca.promo.gateway.channel.ChannelKind.FREE_FORM) {
            channels.add(session);
        }
    }

    void unregister(ChannelSession session) {
        session.bindings().forEach(index::remove);
        channels.remove(session);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
