package com.menuca.promo.bridge.service;

import com.menuca.promo.bridge.NotifyBridgeConfig;
import com.menuca.promo.bridge.NotifyBridgeException;
import com.menuca.promo.bridge.events.EventNotifications;
import com.menuca.promo.bridge.postgres.BridgeDatabase;
import com.menuca.promo.bridge.postgres.LargePayload;
import com.menuca.promo.bridge.postgres.Notification;
import com.menuca.promo.bridge.postgres.StoredPosition;
import com.menuca.promo.common.metrics.KafkaClientMeters;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.derived.DerivedEvent;
import com.menuca.promo.schemas.derived.DerivedTopics;
import com.menuca.promo.schemas.derived.NotifyChannel;
import com.menuca.promo.schemas.derived.RestaurantKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notify bridge: derived events from {@code promo.deal-lifecycle} and {@code promo.coupon-activity}
 * (read_committed: only what the processor committed) as {@code NOTIFY} on the seed's channel names.
 *
 * <p>Guarantees. Every event is notified, and notified once: a batch's notifications and the Kafka
 * position after it commit in one PostgreSQL transaction, which is where the position lives (table
 * {@code <schema>.positions}), so a crash at any point, {@code kill -9} included, leaves either both or
 * neither, and a restart goes on from the stored position. The events of one restaurant are notified
 * in the order the processor derived them (they share a partition): every channel of one restaurant
 * is in order; channels of many restaurants ({@code deal_published}, {@code coupon_limit_reached}, and
 * a customer's redemptions at several restaurants) are in order per restaurant. PostgreSQL delivers
 * notifications to the sessions listening when the transaction commits: a backend that is not
 * connected then misses them, as it would have with triggers. A duplicate can only come from the
 * topics themselves (a {@code promo process --reset} re-derives events with the same ids): consumers
 * that must not act twice de-duplicate by {@code event_id}.
 *
 * <p>Instances with the same {@code notify.bridge.name} share one advisory lock: one notifies, the
 * others stand by and take over within {@code notify.bridge.retry.backoff} of its connection closing.
 */
public final class NotifyBridge implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(NotifyBridge.class);
    /** The topics it reads: their events are what the seed announced with pg_notify. */
    static final List<Topic<RestaurantKey, DerivedEvent>> TOPICS =
            List.of(DerivedTopics.DEAL_LIFECYCLE, DerivedTopics.COUPON_ACTIVITY);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(10);
    private static final Duration QUEUE_SAMPLE_EVERY = Duration.ofSeconds(5);

    private final NotifyBridgeConfig config;
    private final MeterRegistry registry;
    private final BridgeMetrics metrics;
    private final EventNotifications planner;
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public NotifyBridge(NotifyBridgeConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.metrics = new BridgeMetrics(registry);
        this.planner = new EventNotifications(config.schema());
        this.thread = new Thread(this::run, "notify-bridge");
    }

    public void start() {
        LOGGER.info("Notify bridge '{}': {} to NOTIFY on {} (positions in {}.positions)", config.name(),
                String.join(", ", TOPICS.stream().map(Topic::name).toList()), config.postgres().describe(), config.schema());
        thread.start();
    }

    /** Connected, and either notifying or standing by for the active instance. */
    public boolean isReady() {
        return ready;
    }

    /** Completes when the bridge stops: normally after {@link #close}, exceptionally on a problem a person must fix. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    private void run() {
        try {
            while (running) {
                try (BridgeDatabase db = connect()) {
                    if (db == null) {
                        break;
                    }
                    db.ensureSchema();
                    if (!standBy(db)) {
                        break;
                    }
                    try (KafkaConsumer<byte[], byte[]> kafka = consumer()) {
                        consumer = kafka;
                        try (KafkaClientMeters meters = KafkaClientMeters.ofConsumer(registry, kafka)) {
                            notifyLoop(db, kafka);
                        }
                    } finally {
                        consumer = null;
                        metrics.active(false);
                    }
                } catch (SQLException e) {
                    if (!running) {
                        break;
                    }
                    metrics.failure("postgres");
                    ready = false;
                    LOGGER.warn("Notify bridge: PostgreSQL at {} failed ({}): reconnecting from the stored position in {}",
                            config.postgres().describe(), e.getMessage(), config.retryBackoff());
                    pause();
                } catch (WakeupException e) {
                    // close() interrupts a poll
                } catch (KafkaException e) {
                    if (!running) {
                        break;
                    }
                    metrics.failure("kafka");
                    ready = false;
                    LOGGER.warn("Notify bridge: Kafka at {} failed ({}): reconnecting from the stored position in {}",
                            config.kafka().describe(), e.getMessage(), config.retryBackoff());
                    pause();
                }
            }
            termination.complete(null);
        } catch (NotifyBridgeException e) {
            LOGGER.error("Notify bridge stopped: {}", e.getMessage());
            termination.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            LOGGER.error("Notify bridge stopped on an unexpected error", e);
            termination.completeExceptionally(e);
        } finally {
            ready = false;
        }
    }

    /** Connects, retrying until it works or the bridge is closed (then null). */
    private BridgeDatabase connect() {
        while (running) {
            try {
                return BridgeDatabase.connect(config.postgres(), config.schema(), config.name());
            } catch (SQLException e) {
                metrics.failure("postgres");
                LOGGER.warn("Notify bridge: cannot connect to PostgreSQL at {} ({}); retrying in {}", config.postgres().describe(),
                        e.getMessage(), config.retryBackoff());
                pause();
            }
        }
        return null;
    }

    /** Waits until this instance holds the bridge's lock; false when closed first. */
    private boolean standBy(BridgeDatabase db) throws SQLException {
        boolean announced = false;
        while (running) {
            if (db.tryLock()) {
                LOGGER.info("Notify bridge '{}' is active", config.name());
                metrics.active(true);
                return true;
            }
            ready = true;
            if (!announced) {
                LOGGER.info("Notify bridge '{}': another instance is active; standing by", config.name());
                announced = true;
            }
            pause();
        }
        return false;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // positions live in PostgreSQL; one Kafka no longer has is an error, never a silent jump
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch());
        // the operator's security properties (SASL_SSL, mTLS) and the brokers, as every service's clients get them
        return new KafkaConsumer<>(config.kafka().clientProperties("promo-notify-bridge-" + config.name(), props),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void notifyLoop(BridgeDatabase db, KafkaConsumer<byte[], byte[]> kafka) throws SQLException {
        seekToStoredPositions(db, kafka);
        ready = true;
        Instant nextCleanup = Instant.now();
        Instant nextSample = Instant.now();
        while (running) {
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = kafka.poll(POLL);
            } catch (InvalidOffsetException e) {
                throw new NotifyBridgeException("stored positions " + e.partitions() + " of notify bridge '" + config.name()
                        + "' are no longer in Kafka (older than the topics' retention): the events in between are gone for "
                        + "it. To go on from what Kafka holds, delete them (DELETE FROM " + config.schema()
                        + ".positions WHERE bridge = '" + config.name() + "') and start with notify.bridge.start=earliest", e);
            }
            if (!records.isEmpty()) {
                notifyBatch(db, records);
            }
            Instant now = Instant.now();
            if (now.isAfter(nextSample)) {
                metrics.queueUsage(db.queueUsage());
                nextSample = now.plus(QUEUE_SAMPLE_EVERY);
            }
            if (now.isAfter(nextCleanup)) {
                int forgotten = db.forgetPayloadsOlderThan(config.payloadRetention());
                if (forgotten > 0) {
                    LOGGER.info("Notify bridge: {} large payloads older than {} deleted", forgotten, config.payloadRetention());
                }
                nextCleanup = now.plus(CLEANUP_EVERY);
            }
        }
    }

    private void seekToStoredPositions(BridgeDatabase db, KafkaConsumer<byte[], byte[]> kafka) throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        for (StoredPosition position : db.positions()) {
            stored.put(new TopicPartition(position.topic(), position.partition()), position.nextOffset());
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<RestaurantKey, DerivedEvent> topic : TOPICS) {
            kafka.partitionsFor(topic.name(), Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        if (partitions.isEmpty()) {
            throw new KafkaException("the derived topics do not exist yet (promo topics apply, or start the processor)");
        }
        kafka.assign(partitions);
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition);
            if (next != null) {
                kafka.seek(partition, next);
            } else {
                fresh.add(partition);
            }
        }
        if (!fresh.isEmpty()) {
            // a partition never read before: where notify.bridge.start says, once; its position is stored at once
            // so that a restart before the first event neither skips nor repeats anything
            boolean firstStart = stored.isEmpty();
            if (firstStart && config.startFrom() == NotifyBridgeConfig.StartFrom.LATEST) {
                kafka.seekToEnd(fresh);
            } else {
                kafka.seekToBeginning(fresh);
            }
            List<StoredPosition> start = new ArrayList<>();
            for (TopicPartition partition : fresh) {
                start.add(new StoredPosition(partition.topic(), partition.partition(), kafka.position(partition)));
            }
            db.notifyAndAdvance(List.of(), List.of(), start);
            LOGGER.info("Notify bridge '{}': new partitions {} start at {}", config.name(), fresh, start);
        }
        LOGGER.info("Notify bridge '{}': reading {} partitions from their stored positions", config.name(), partitions.size());
    }

    private void notifyBatch(BridgeDatabase db, ConsumerRecords<byte[], byte[]> records) throws SQLException {
        List<Notification> notifications = new ArrayList<>();
        List<LargePayload> large = new ArrayList<>();
        Map<TopicPartition, StoredPosition> next = new LinkedHashMap<>();
        int events = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            next.put(new TopicPartition(record.topic(), record.partition()),
                    new StoredPosition(record.topic(), record.partition(), record.offset() + 1));
            if (record.value() == null) {
                continue;
            }
            DerivedEvent event;
            try {
                event = DerivedTopics.DEAL_LIFECYCLE.valueSerde().deserializer().deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                metrics.unreadable();
                LOGGER.warn("Notify bridge skips {}-{}@{}: not a derived event ({})", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                continue;
            }
            EventNotifications.Planned planned = planner.plan(event, new String(record.value(), StandardCharsets.UTF_8),
                    record.topic(), record.partition(), record.offset());
            notifications.addAll(planned.notifications());
            planned.large().ifPresent(large::add);
            events++;
        }
        long started = System.nanoTime();
        db.notifyAndAdvance(large, notifications, next.values());
        metrics.committed(Duration.ofNanos(System.nanoTime() - started));
        metrics.events(events);
        large.forEach(payload -> metrics.large());
        for (Notification notification : notifications) {
            NotifyChannel.parse(notification.channel()).ifPresent(name -> metrics.notified(name.channel().template()));
        }
    }

    private void pause() {
        try {
            Thread.sleep(config.retryBackoff().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops after the batch in flight (it commits or rolls back whole). */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
