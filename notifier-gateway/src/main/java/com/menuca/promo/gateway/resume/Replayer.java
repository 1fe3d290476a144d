package com.menuca.promo.gateway.resume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.common.concurrent.DaemonThreads;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.gateway.channel.EventRoutes;
import com.menuca.promo.gateway.feed.Dispatcher;
import com.menuca.promo.gateway.feed.FeedTopic;
import com.menuca.promo.gateway.feed.FeedRecords;
import com.menuca.promo.gateway.feed.FrameBuilder;
import com.menuca.promo.gateway.feed.KafkaFeed;
import com.menuca.promo.gateway.postgres.ChangePayload;
import com.menuca.promo.gateway.postgres.TypedRow;
import com.menuca.promo.gateway.subscription.Binding;
import com.menuca.promo.gateway.subscription.ChangeType;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.gateway.subscription.OutboundFrame;
import com.menuca.promo.gateway.subscription.Subscriber;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays what resuming sessions missed: reads each plan's ranges from Kafka, matches every record
 * against the session's bindings, policy and event filter exactly like live delivery, and sends the
 * frames ahead of the live frames held back meanwhile. Paced by the socket: it waits while the
 * socket's queue is more than half full, so a large replay never trips the slow-client bound.
 *
 * <p>Bounded: at most {@code threads} replays run and {@code queue} wait (a join past that is refused
 * with {@code ReplayBusy}); the retention a resume is checked against is looked up here too, on one
 * thread of its own with a queue of the same bound, never on the feed thread.
 */
public final class Replayer implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Replayer.class);
    private static final int CHUNK = 256;

    private final KafkaConnection kafka;
    private final com.menuca.promo.gateway.GatewayMetrics metrics;
    private final int maxChangeBytes;
    private final int pauseAboveQueued;
    private final ByteBufAllocator alloc;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final ThreadPoolExecutor retention;
    private final PositionKey key;
    private KafkaConsumer<byte[], byte[]> retentionConsumer;

    /**
     * @param threads          replays running at once (the rest wait their turn)
     * @param pauseAboveQueued frames queued for a socket above which the replay waits
     */
    public Replayer(KafkaConnection kafka, int maxChangeBytes, int threads, int queue, int pauseAboveQueued,
                    ByteBufAllocator alloc, PositionKey key, com.menuca.promo.gateway.GatewayMetrics metrics) {
        this.key = key;
        this.slots = new Semaphore(threads + queue);
        this.retention = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue),
                DaemonThreads.named("gateway-retention"));
        this.metrics = metrics;
        this.kafka = kafka;
        this.maxChangeBytes = maxChangeBytes;
        this.pauseAboveQueued = pauseAboveQueued;
        this.alloc = alloc;
        this.workers = Executors.newFixedThreadPool(threads, DaemonThreads.numbered("gateway-replay-"));
    }

    /** Reserves room for one replay; false when as many run and wait as the bound allows. */
    public boolean tryReserve() {
        return slots.tryAcquire();
    }

    /**
     * Replays in the background, in a place taken with {@link #tryReserve()}; then calls {@code done} on
     * the session's event loop (which releases the live frames held back).
     */
    public void start(ReplayPlan plan, Runnable done) {
        workers.execute(() -> {
            try {
                replay(plan);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOGGER.warn("Replay for {} failed: {}", plan.session().wireTopic(), e.toString(), e);
            } finally {
                slots.release();
                plan.session().subscriber().executor().execute(done);
            }
        });
    }

    /**
     * The earliest retained offset of each partition of the topics in {@code topicMask}, looked up in
     * the background; fails with {@link RejectedExecutionException} when the lookup queue is full.
     */
    public CompletableFuture<Map<FeedTopic, long[]>> retained(long topicMask) {
        try {
            return CompletableFuture.supplyAsync(() -> earliest(topicMask), retention);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Map<FeedTopic, long[]> earliest(long topicMask) {
        if (retentionConsumer == null) {
            Map<String, Object> props = KafkaFeed.consumerProperties(kafka, "promo-gateway-retention");
            // log start offsets do not depend on the isolation level; read_committed would warn on every lookup
            props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
            retentionConsumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        Map<FeedTopic, long[]> earliest = new java.util.EnumMap<>(FeedTopic.class);
        for (FeedTopic topic : FeedTopic.values()) {
            if ((topicMask & (1L << topic.code())) == 0) {
                continue;
            }
            var partitions = retentionConsumer.partitionsFor(topic.topicName(), Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                continue;
            }
            List<TopicPartition> list = partitions.stream().map(p -> new TopicPartition(topic.topicName(), p.partition()))
                    .toList();
            long[] offsets = new long[list.size()];
            retentionConsumer.beginningOffsets(list, Duration.ofSeconds(10)).forEach((tp, offset) -> {
                if (tp.partition() < offsets.length) {
                    offsets[tp.partition()] = offset;
                }
            });
            earliest.put(topic, offsets);
        }
        return earliest;
    }

    private void replay(ReplayPlan plan) throws InterruptedException {
        ChannelSession session = plan.session();
        Subscriber subscriber = session.subscriber();
        long[][] position = plan.start();
        FrameBuilder frames = new FrameBuilder(alloc, key);
        List<OutboundFrame> chunk = new ArrayList<>(CHUNK);
        Map<TopicPartition, Long> remaining = new HashMap<>();
        List<TopicPartition> partitions = new ArrayList<>();
        plan.from().forEach((topic, from) -> {
            long[] to = plan.to().get(topic);
            for (int p = 0; p < from.length; p++) {
                if (from[p] < to[p]) {
                    TopicPartition tp = new TopicPartition(topic.topicName(), p);
                    partitions.add(tp);
                    remaining.put(tp, to[p]);
                }
            }
        });
        long sent = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaFeed.consumerProperties(kafka,
                "promo-gateway-replay"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                FeedTopic topic = FeedTopic.byName(tp.topic()).orElseThrow();
                consumer.seek(tp, plan.from().get(topic)[tp.partition()]);
            }
            while (!remaining.isEmpty() && !session.isClosed()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Long to = remaining.get(tp);
                    FeedTopic topic = FeedTopic.byName(record.topic()).orElseThrow();
                    if (to == null || record.offset() >= to || record.offset() < position[topic.code()][record.partition()]) {
                        continue;
                    }
                    position[topic.code()][record.partition()] = record.offset() + 1;
                    OutboundFrame frame = frame(session, topic, record, position, frames);
                    if (frame != null) {
                        chunk.add(frame);
                        sent++;
                    }
                    if (chunk.size() >= CHUNK) {
                        send(subscriber, session, chunk);
                        chunk = new ArrayList<>(CHUNK);
                        waitForRoom(subscriber, session);
                    }
                }
                for (TopicPartition tp : new ArrayList<>(remaining.keySet())) {
                    if (consumer.position(tp) >= remaining.get(tp)) {
                        remaining.remove(tp);
                    }
                }
            }
        } finally {
            if (!chunk.isEmpty()) {
                send(subscriber, session, chunk);
            }
        }
        LOGGER.debug("Replayed {} frames of {} records to {}", sent, plan.records(), session.wireTopic());
    }

    private OutboundFrame frame(ChannelSession session, FeedTopic topic, ConsumerRecord<byte[], byte[]> record,
                                long[][] position, FrameBuilder frames) {
        try {
            if (record.value() == null) {
                return null;
            }
            if (topic.table() != null) {
                return changeFrame(session, topic, FeedRecords.change(record.value()), position, frames);
            }
            JsonNode value = FeedRecords.topLevel(record.value());
            JsonNode key = record.key() == null ? null : FeedRecords.topLevel(record.key());
            for (EventRoutes.Route route : EventRoutes.routes(topic, key, value)) {
                if (route.channel().equals(session.channel().canonical()) && session.channel().receives(route.event())
                        && session.eventFilter().allows(value)) {
                    String meta = Dispatcher.eventMeta(value, Position.encode(this.key, session.topicMask(), position));
                    FrameBuilder.Built built = FrameBuilder.encodeBroadcast(session.subscriber().codec(),
                            session.wireTopic(), session.channel().clientEvent(route.event()), record.value(), meta, alloc);
                    return new OutboundFrame(built.frame(), built.binary(), null, 0, true);
                }
            }
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            LOGGER.warn("Replay skips unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    /** The change as the session's token sees it, exactly as live delivery does ({@code Dispatcher#change}). */
    private OutboundFrame changeFrame(ChannelSession session, FeedTopic topic, ChangeEvent<ObjectNode> change, long[][] position,
                                      FrameBuilder frames) {
        ChangeType type = change.op() == null ? null : ChangeType.of(change.op()).orElse(null);
        if (type == null) {
            return null;
        }
        TypedRow after = type == ChangeType.DELETE || change.after() == null ? null : new TypedRow(change.after());
        TypedRow before = type == ChangeType.INSERT || change.before() == null ? null : new TypedRow(change.before());
        if (after == null && before == null) {
            return null;
        }
        ChangeType seen = session.access().visibleAs(topic.table(), type, before, after);
        if (seen == null) {
            return null;
        }
        TypedRow row = seen == ChangeType.DELETE ? before : after;
        int[] ids = new int[session.bindings().size() + 1];
        for (Binding binding : session.bindings()) {
            if (binding.table() == topic.table() && binding.selects(seen) && binding.filter().matches(row)) {
                ids[++ids[0]] = binding.id();
            }
        }
        if (ids[0] == 0) {
            return null;
        }
        byte[] data = ChangePayload.encode(topic.table(), seen.name(), change, maxChangeBytes);
        try {
            ByteBuf frame = frames.change(session, ids, data, position).frame();
            return new OutboundFrame(frame.retainedDuplicate(), false, null, 0, true);
        } finally {
            frames.release();
        }
    }

    private void send(Subscriber subscriber, ChannelSession session, List<OutboundFrame> chunk) {
        metrics.framesReplayed(chunk.size());
        subscriber.executor().execute(() -> {
            for (OutboundFrame frame : chunk) {
                subscriber.deliver(session, frame);
            }
            subscriber.flush();
        });
    }

    private void waitForRoom(Subscriber subscriber, ChannelSession session) throws InterruptedException {
        while (subscriber.queued() > pauseAboveQueued && !session.isClosed()) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        retention.submit(() -> {
            if (retentionConsumer != null) {
                retentionConsumer.close(Duration.ofSeconds(2));
            }
        });
        retention.shutdown();
    }
}
