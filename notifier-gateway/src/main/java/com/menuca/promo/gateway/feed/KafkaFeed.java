package com.menuca.promo.gateway.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.menuca.promo.gateway.GatewayMetrics;
import com.menuca.promo.gateway.resume.ReplayPlan;
import com.menuca.promo.gateway.resume.ReplayPlanner;
import com.menuca.promo.gateway.resume.ResumeRefusedException;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.schemas.cdc.ChangeEvent;
import com.menuca.promo.schemas.json.Json;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
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
 * <p>Change topics are read from their end once a client needs them; latest-wins topics are read
 * from their beginning at start, and joins wait until those are caught up. A topic that does not
 * exist yet is looked for again every second and read from its beginning once it appears.
 */
public final class KafkaFeed implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long TOPIC_RECHECK_NANOS = 1_000_000_000L;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Dispatcher dispatcher;
    private final LatestValues latest;
    private final GatewayMetrics metrics;
    private final long maxReplayRecords;
    private final Queue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Queue<JoinRequest> deferredJoins = new ArrayDeque<>();
    private final Set<FeedTopic> wanted = EnumSet.noneOf(FeedTopic.class);
    private final Set<FeedTopic> fromBeginning = EnumSet.noneOf(FeedTopic.class);
    private final Map<FeedTopic, Integer> assigned = new EnumMap<>(FeedTopic.class);
    private final Map<TopicPartition, Long> catchUpTargets = new java.util.HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private long lastTopicCheck = System.nanoTime() - TOPIC_RECHECK_NANOS;

    public KafkaFeed(String bootstrapServers, LatestValues latest, GatewayMetrics metrics, int maxChangeBytes,
                     long maxReplayRecords, ByteBufAllocator alloc) {
        this.consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers, "promo-gateway-feed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.latest = latest;
        this.metrics = metrics;
        this.maxReplayRecords = maxReplayRecords;
        this.dispatcher = new Dispatcher(latest, metrics, maxChangeBytes, alloc);
        for (FeedTopic topic : FeedTopic.values()) {
            if (topic.isLatestWins()) {
                wanted.add(topic);
                fromBeginning.add(topic);
            }
        }
        this.thread = new Thread(this::run, "gateway-feed");
        this.thread.setDaemon(true);
    }

    /** Consumer settings shared by the feed and replays: no group, nothing committed, committed data only. */
    public static Properties consumerProperties(String bootstrapServers, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return props;
    }

    public void start() {
        thread.start();
    }

    /**
     * True once the latest-wins topics are read up to where they stood at start (joins are served),
     * and while the feed thread runs: a feed that died makes the gateway not ready.
     */
    public boolean isCaughtUp() {
        return caughtUp && thread.isAlive();
    }

    public LatestValues latest() {
        return latest;
    }

    /** Registers a session (see {@link JoinRequest}). */
    public void join(JoinRequest request) {
        command(() -> {
            if (caughtUp) {
                register(request);
            } else {
                deferredJoins.add(request);
            }
        });
    }

    /** Stops delivering to a session. */
    public void leave(ChannelSession session) {
        session.close();
        command(() -> dispatcher.unregister(session));
    }

    private void command(Runnable command) {
        commands.add(command);
        consumer.wakeup();
    }

    private void run() {
        try {
            while (running) {
                runCommands();
                assignMissingTopics(false);
                if (assigned.isEmpty()) {
                    markCaughtUpIfDone();
                    Thread.sleep(20);
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException e) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    dispatch(record);
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOGGER.error("Gateway feed stopped on an unexpected error: {}", e.toString(), e);
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOGGER.debug("feed consumer close: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    private void runCommands() {
        Runnable command;
        while ((command = commands.poll()) != null) {
            try {
                command.run();
            } catch (WakeupException e) {
                commands.add(command);
                return;
            } catch (RuntimeException e) {
                LOGGER.warn("Gateway feed command failed: {}", e.toString(), e);
            }
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
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
                ChangeEvent change = Json.mapper().readValue(record.value(), ChangeEvent.class);
                dispatcher.change(topic, record.partition(), record.offset(), record.timestamp(), change);
            } else {
                JsonNode key = record.key() == null ? null : Json.mapper().readTree(record.key());
                String keyText = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
                JsonNode value = record.value() == null ? null : Json.mapper().readTree(record.value());
                dispatcher.derived(topic, record.partition(), record.offset(), record.timestamp(), key, keyText, value,
                        record.value());
            }
        } catch (IOException | RuntimeException e) {
            dispatcher.advance(topic, record.partition(), record.offset() + 1);
            metrics.drop("unreadable_record");
            LOGGER.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private void register(JoinRequest request) {
        ChannelSession session = request.session();
        if (session.isClosed()) {
            return;
        }
        Set<FeedTopic> needed = EnumSet.noneOf(FeedTopic.class);
        for (FeedTopic topic : FeedTopic.values()) {
            if ((session.topicMask() & (1L << topic.code())) != 0) {
                needed.add(topic);
            }
        }
        if (!wanted.containsAll(needed)) {
            wanted.addAll(needed);
            assignMissingTopics(true);
        }
        long[][] live = dispatcher.offsets();
        ReplayPlan plan = null;
        if (request.resume() != null) {
            try {
                plan = ReplayPlanner.plan(session, request.resume(), copy(live), this::earliestOffsets, maxReplayRecords);
            } catch (ResumeRefusedException e) {
                request.listener().refused(e.code(), e.getMessage());
                return;
            }
        }
        dispatcher.register(session);
        List<LatestValues.Latest> current = session.channel().kind() == com.menuca.promo.gateway.channel.ChannelKind.LATEST_WINS
                ? latest.of(session.channel().canonical()) : List.of();
        String position = plan != null ? com.menuca.promo.gateway.resume.Position.encode(session.topicMask(), plan.start())
                : FrameBuilder.positionOf(session, live);
        request.listener().live(current, plan, position);
    }

    private long[] earliestOffsets(FeedTopic topic) {
        int partitions = assigned.getOrDefault(topic, 0);
        List<TopicPartition> list = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            list.add(new TopicPartition(topic.topicName(), p));
        }
        Map<TopicPartition, Long> beginning = blocking(() -> consumer.beginningOffsets(list, Duration.ofSeconds(10)));
        long[] earliest = new long[partitions];
        beginning.forEach((tp, offset) -> earliest[tp.partition()] = offset);
        return earliest;
    }

    private static long[][] copy(long[][] offsets) {
        long[][] copy = new long[offsets.length][];
        for (int i = 0; i < offsets.length; i++) {
            copy[i] = offsets[i] == null ? null : offsets[i].clone();
        }
        return copy;
    }

    /**
     * Assigns wanted topics that exist and are not read yet. Topics wanted for a join start at their
     * end; topics that did not exist when first wanted, and latest-wins topics, at their beginning.
     */
    private void assignMissingTopics(boolean now) {
        if (wanted.size() == assigned.size()) {
            return;
        }
        long nanos = System.nanoTime();
        if (!now && nanos - lastTopicCheck < TOPIC_RECHECK_NANOS) {
            return;
        }
        lastTopicCheck = nanos;
        Map<FeedTopic, Integer> added = new EnumMap<>(FeedTopic.class);
        for (FeedTopic topic : wanted) {
            if (assigned.containsKey(topic)) {
                continue;
            }
            List<PartitionInfo> partitions = partitionsOf(topic);
            if (partitions.isEmpty()) {
                fromBeginning.add(topic);
                continue;
            }
            added.put(topic, partitions.size());
        }
        if (added.isEmpty()) {
            return;
        }
        assigned.putAll(added);
        List<TopicPartition> all = new ArrayList<>();
        assigned.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                all.add(new TopicPartition(topic.topicName(), p));
            }
        });
        consumer.assign(all);
        List<TopicPartition> beginning = new ArrayList<>();
        List<TopicPartition> end = new ArrayList<>();
        added.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                (fromBeginning.contains(topic) ? beginning : end).add(new TopicPartition(topic.topicName(), p));
            }
        });
        // an empty list would mean "every assigned partition" to these two calls
        if (!beginning.isEmpty()) {
            consumer.seekToBeginning(beginning);
        }
        if (!end.isEmpty()) {
            consumer.seekToEnd(end);
        }
        if (!caughtUp) {
            Map<TopicPartition, Long> ends = blocking(() -> consumer.endOffsets(beginning, Duration.ofSeconds(30)));
            ends.forEach((tp, offset) -> {
                if (FeedTopic.byName(tp.topic()).map(FeedTopic::isLatestWins).orElse(false)) {
                    catchUpTargets.put(tp, offset);
                }
            });
        }
        added.forEach((topic, count) -> {
            long[] positions = new long[count];
            for (int p = 0; p < count; p++) {
                TopicPartition partition = new TopicPartition(topic.topicName(), p);
                positions[p] = blocking(() -> consumer.position(partition, Duration.ofSeconds(30)));
            }
            dispatcher.setPartitions(topic, positions);
            LOGGER.info("Gateway feed reads {} ({} partitions) from {}", topic.topicName(), count,
                    fromBeginning.contains(topic) ? "its beginning" : "its end");
        });
    }

    private List<PartitionInfo> partitionsOf(FeedTopic topic) {
        try {
            List<PartitionInfo> partitions = blocking(() -> consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(10)));
            return partitions == null ? List.of() : partitions;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of();
        }
    }

    private void markCaughtUpIfDone() {
        if (caughtUp) {
            return;
        }
        for (Map.Entry<TopicPartition, Long> target : catchUpTargets.entrySet()) {
            if (blocking(() -> consumer.position(target.getKey())) < target.getValue()) {
                return;
            }
        }
        caughtUp = true;
        LOGGER.info("Gateway feed caught up with the latest-wins topics; serving joins");
        while (!deferredJoins.isEmpty()) {
            register(deferredJoins.poll());
        }
    }

    /**
     * Runs a blocking consumer call to completion: a command's {@code wakeup()} aborts it with
     * {@link WakeupException}, which must not leave an assignment half done.
     */
    private static <T> T blocking(java.util.function.Supplier<T> call) {
        while (true) {
            try {
                return call.get();
            } catch (WakeupException e) {
                // a new command is waiting; it runs after this call completes
            }
        }
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
            stopped.await(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
