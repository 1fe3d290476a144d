package com.menuca.promo.gateway.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.menuca.promo.common.concurrent.DaemonThreads;
import com.menuca.promo.common.kafka.ConsumerCommands;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaErrors;
import com.menuca.promo.common.kafka.KafkaSetupException;
import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.resume.PositionKey;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed thread: one Kafka consumer (no consumer group: every gateway instance reads for its own
 * clients) over the topics its clients need, and the only thread that touches the subscription
 * indexes. Joins and leaves arrive as commands between polls, so a join is registered at an exact
 * position: events before it are not sent, every event after it is.
 *
 * <p>This class is the loop (commands, poll, dispatch, lag); {@link TopicAssignment} decides what is
 * read from where, {@link JoinRegistrar} registers sessions at the live position. An unexpected error
 * does not end the loop: it backs off (100 ms doubling to 30 s), reports itself not healthy meanwhile
 * ({@link #isHealthy()}, the readiness check {@code gateway_feed}), and resumes right after the last
 * record it dispatched. Only a refusal retrying cannot fix (credentials, TLS trust, ACLs) ends it, through
 * {@link #failure()}.
 */
public final class KafkaFeed implements SessionFeed, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final Consumer<byte[], byte[]> consumer;
    private final Dispatcher dispatcher;
    private final LatestValues latest;
    private final GatewayMetrics metrics;
    private final TopicAssignment topics;
    private final JoinRegistrar registrar;
    private final ConsumerCommands commands;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    private final KafkaConnection kafka;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile boolean failing;
    private final long firstBackoffMillis;

    public KafkaFeed(KafkaConnection kafka, LatestValues latest, GatewayMetrics metrics, int maxChangeBytes,
                     long maxReplayRecords, ByteBufAllocator alloc, PositionKey key) {
        this(kafka, new KafkaConsumer<>(feedConsumerProperties(kafka), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()), latest, metrics, maxChangeBytes, maxReplayRecords, alloc, key,
                System::nanoTime, Duration.ofMillis(100));
    }

    /**
     * The feed's own consumer: every position it reads from is set explicitly (a topic's beginning or
     * end when assigned, the record after the last dispatched after a failure), so the reset policy
     * only decides what happens when that position is gone from the log: records the feed had not
     * read yet were deleted (retention, or an operator deleting a record it cannot fetch). It goes on
     * from the oldest record left, not from the end: only the deleted records are missed.
     */
    static Map<String, Object> feedConsumerProperties(KafkaConnection kafka) {
        Map<String, Object> props = new HashMap<>(consumerProperties(kafka, "promo-gateway-feed"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    /** A feed over any consumer (tests give a {@code MockConsumer}) and clock. */
    KafkaFeed(Consumer<byte[], byte[]> consumer, LatestValues latest, GatewayMetrics metrics, int maxChangeBytes,
              long maxReplayRecords, ByteBufAllocator alloc, PositionKey key, LongSupplier nanoClock,
              Duration firstBackoff) {
        this(KafkaConnection.plain("(consumer given)"), consumer, latest, metrics, maxChangeBytes, maxReplayRecords, alloc,
                key, nanoClock, firstBackoff);
    }

    private KafkaFeed(KafkaConnection kafka, Consumer<byte[], byte[]> consumer, LatestValues latest, GatewayMetrics metrics,
                      int maxChangeBytes, long maxReplayRecords, ByteBufAllocator alloc, PositionKey key,
                      LongSupplier nanoClock, Duration firstBackoff) {
        this.kafka = kafka;
        this.firstBackoffMillis = firstBackoff.toMillis();
        this.consumer = consumer;
        this.commands = new ConsumerCommands(consumer, "gateway feed");
        this.latest = latest;
        this.metrics = metrics;
        this.dispatcher = new Dispatcher(latest, metrics, maxChangeBytes, alloc, key);
        this.topics = new TopicAssignment(consumer, dispatcher, nanoClock);
        this.registrar = new JoinRegistrar(dispatcher, topics, latest, maxReplayRecords, key);
        this.thread = DaemonThreads.named("gateway-feed").newThread(this::run);
    }

    /** Consumer settings shared by the feed and replays: no group, nothing committed, committed data only. */
    public static Map<String, Object> consumerProperties(KafkaConnection kafka, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return kafka.clientProperties(clientId, props);
    }

    public void start() {
        metrics.bindKafkaClient(consumer);
        thread.start();
    }

    /**
     * True once the latest-wins topics are read up to where they stood at start (joins are served),
     * and while the feed thread runs: a feed that died makes the gateway not ready.
     */
    public boolean isCaughtUp() {
        return caughtUp && thread.isAlive();
    }

    /** False while the feed backs off after an unexpected error (or once its thread has ended). */
    public boolean isHealthy() {
        return !failing && thread.isAlive();
    }

    /**
     * Completes exceptionally when the feed stopped because Kafka refused the gateway's credentials, TLS
     * or ACLs: waiting will not help, a person must fix what the message names.
     */
    public CompletableFuture<Void> failure() {
        return failure;
    }

    public LatestValues latest() {
        return latest;
    }

    @Override
    public void join(JoinRequest request) {
        commands.submit(() -> registrar.join(request, caughtUp));
    }

    @Override
    public void leave(ChannelSession session) {
        session.close();
        commands.submit(() -> dispatcher.unregister(session));
    }

    private void run() {
        long backoff = firstBackoffMillis;
        try {
            while (running) {
                try {
                    pollOnce();
                    failing = false;
                    backoff = firstBackoffMillis;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    failing = true;
                    Optional<KafkaSetupException> permanent = KafkaErrors.explain(e, "the gateway", kafka);
                    if (permanent.isPresent()) {
                        // credentials, TLS trust or ACLs: retrying cannot fix them, so stop with the fix in the message
                        LOGGER.error("Gateway feed stopped: {}", permanent.get().getMessage());
                        failure.completeExceptionally(permanent.get());
                        break;
                    }
                    metrics.feedRestart();
                    LOGGER.error("Gateway feed failed: {}; resuming in {} ms", e.toString(), backoff, e);
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                    resumeAfterLastDispatched();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOGGER.debug("feed consumer close: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    /**
     * Seeks every assigned partition to the record after the last one dispatched: a turn that failed
     * may have taken records from the consumer that never reached the dispatcher. Those partitions
     * are assigned afresh first: the consumer keeps a fetch that failed (a corrupt batch) and, when
     * asked again for the offset it was fetched at, fails from that copy without fetching again, so
     * the feed would go on failing even once the record is deleted from the log.
     */
    private void resumeAfterLastDispatched() {
        try {
            Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
            Map<TopicPartition, Long> resume = new HashMap<>();
            for (TopicPartition partition : assigned) {
                FeedTopic.byName(partition.topic()).ifPresent(topic -> {
                    long[] next = dispatcher.next(topic);
                    if (next != null && partition.partition() < next.length) {
                        resume.put(partition, next[partition.partition()]);
                    }
                });
            }
            Set<TopicPartition> kept = new HashSet<>(assigned);
            kept.removeAll(resume.keySet());
            // dropping a partition drops what the consumer buffered for it (and its position: set below)
            consumer.assign(kept);
            consumer.assign(assigned);
            resume.forEach(consumer::seek);
        } catch (RuntimeException e) {
            LOGGER.warn("Gateway feed could not seek back after a failure: {}", e.toString());
        }
    }

    /** One turn of the loop: commands, topics, one poll dispatched and flushed. */
    void pollOnce() throws InterruptedException {
        commands.runQueued();
        topics.assignMissing(false);
        if (topics.isEmpty()) {
            markCaughtUpIfDone();
            Thread.sleep(20);
            return;
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL);
        } catch (WakeupException e) {
            return;
        }
        // Records carry their commit time, not their send time: the gateway's own part of the latency
        // starts when the poll hands them over.
        long polledAt = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            dispatch(record, polledAt);
            dispatcher.flushIfFull();
        }
        for (TopicPartition partition : consumer.assignment()) {
            FeedTopic.byName(partition.topic()).ifPresent(topic ->
                    dispatcher.advance(topic, partition.partition(), consumer.position(partition)));
        }
        dispatcher.flush();
        updateLag();
        markCaughtUpIfDone();
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record, long polledAt) {
        FeedTopic topic = FeedTopic.byName(record.topic()).orElse(null);
        if (topic == null) {
            return;
        }
        long[] next = dispatcher.next(topic);
        if (next != null && record.partition() < next.length && record.offset() < next[record.partition()]) {
            // dispatched once already: never deliver an offset twice, whatever the consumer hands out
            metrics.drop("redelivered_record");
            LOGGER.debug("Skipping {}-{}@{}: already dispatched (next {})", record.topic(), record.partition(),
                    record.offset(), next[record.partition()]);
            return;
        }
        metrics.eventIn(record.topic());
        try {
            if (topic.table() != null) {
                if (record.value() == null) {
                    dispatcher.advance(topic, record.partition(), record.offset() + 1);
                    return;
                }
                ChangeEvent<ObjectNode> change = FeedRecords.change(record.value());
                dispatcher.change(topic, record.partition(), record.offset(), polledAt, change);
            } else {
                JsonNode key = record.key() == null ? null : FeedRecords.topLevel(record.key());
                String keyText = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                JsonNode value = record.value() == null ? null : FeedRecords.topLevel(record.value());
                dispatcher.derived(topic, record.partition(), record.offset(), polledAt, key, keyText, value,
                        record.value());
            }
        } catch (IOException | RuntimeException e) {
            dispatcher.advance(topic, record.partition(), record.offset() + 1);
            metrics.drop("unreadable_record");
            LOGGER.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private void markCaughtUpIfDone() {
        if (caughtUp || !topics.caughtUp()) {
            return;
        }
        caughtUp = true;
        LOGGER.info("Gateway feed caught up with the latest-wins topics; serving joins");
        registrar.releaseDeferred();
    }

    private void updateLag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            lag += consumer.currentLag(partition).orElse(0);
        }
        metrics.kafkaLag(lag);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
