package com.menuca.promo.gateway.cluster;

import static com.menuca.promo.gateway.feed.ConsumerCalls.blocking;

import com.menuca.promo.common.concurrent.DaemonThreads;
import com.menuca.promo.common.kafka.ConsumerCommands;
import com.menuca.promo.common.kafka.KafkaConnection;
import com.menuca.promo.common.kafka.KafkaErrors;
import com.menuca.promo.common.kafka.KafkaSetupException;
import com.menuca.promo.gateway.ClientMessageLimits;
import com.menuca.promo.gateway.feed.KafkaFeed;
import com.menuca.promo.gateway.subscription.ChannelSession;
import com.menuca.promo.schemas.Topic;
import com.menuca.promo.schemas.gateway.BroadcastKey;
import com.menuca.promo.schemas.gateway.ClientBroadcast;
import com.menuca.promo.schemas.gateway.GatewayTopics;
import com.menuca.promo.schemas.gateway.PresenceKey;
import com.menuca.promo.schemas.gateway.PresenceRecord;
import com.menuca.promo.schemas.gateway.PresenceRecordType;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway's link with the others, through the two gateway topics:
 * <ul>
 *   <li>client broadcasts are written to {@code promo.gateway.broadcasts} and delivered, by every
 *       gateway (this one included), to its sockets on the channel when they come back;</li>
 *   <li>presences are written to the compacted {@code promo.gateway.presence}, which every gateway
 *       reads from its beginning into the same {@link PresenceBook}; changes go to the sockets that
 *       listen to presence on the channel. A heartbeat every fifth of {@code gateway.presence.timeout}
 *       tells the others this gateway is alive; when one falls silent (kill -9, a network cut), the
 *       others drop its presences and the gateway with the lowest id writes their tombstones. A gateway
 *       that reads a tombstone of a presence it still holds (it was found gone while only paused), or
 *       sees its own heartbeats were further apart than the timeout, writes its presences again.</li>
 * </ul>
 * One thread owns the consumer, the book and the routing (commands from event loops arrive between
 * polls, as in the feed); one more thread sends, so a slow or unreachable Kafka never blocks a
 * socket's event loop. Every send returns a future completed when Kafka acknowledged it (acks=all).
 * A gateway topic that does not exist yet is looked for again every second; meanwhile sends fail
 * with {@link UnavailableException}.
 */
public final class ClusterBus implements ClusterLink, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClusterBus.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long RECHECK_MILLIS = 1_000;
    private static final long EXPIRY_CHECK_MILLIS = 250;
    /** Sends that may wait for the sending thread; past this, sends fail at once (Kafka is not keeping up). */
    private static final int SEND_QUEUE = 10_000;

    private final String gatewayId;
    private final ClientMessageLimits limits;
    private final ClusterMetrics metrics;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final ThreadPoolExecutor sender;
    private final PresenceBook book;
    private final PresenceChanges changes = new PresenceChanges();
    private final LocalRouter router;
    private final ConsumerCommands commands;
    private final List<ChannelSession> deferredPresence = new ArrayList<>();
    /** This gateway's own live presences, as last written (event loops add and remove, the bus thread re-announces). */
    private final Map<PresenceKey, PresenceRecord> own = new ConcurrentHashMap<>();
    /** Presences per channel as the book stands, for the limit checks of event loops. */
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> catchUpTargets = new HashMap<>();
    private final AtomicLong refs = new AtomicLong();
    private final String refPrefix;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CompletableFuture<Void> failure = new CompletableFuture<>();
    /** The gateway's Kafka settings, to explain a refusal. */
    private final KafkaConnection kafka;
    private final Thread thread;
    private volatile boolean running = true;
    /** Set when the bus thread stopped on an error: this gateway no longer shares presence and broadcasts. */
    private volatile boolean broken;
    /** Set while heartbeats fail (Kafka away), so the failure is logged once. */
    private volatile boolean heartbeatFailing;
    /** Set first when closing: nothing is written again once this gateway's tombstones are on their way. */
    private volatile boolean closing;
    private volatile boolean presenceAssigned;
    private volatile boolean broadcastsAssigned;
    private volatile boolean caughtUp;
    /** Set once the gateway topics were looked for (whether they were found or not). */
    private volatile boolean looked;
    /** When the gateway topics were last looked for (0: never; a subtraction from MIN_VALUE would overflow). */
    private long lastTopicCheck;
    private long nextHeartbeat;
    private long nextExpiryCheck;
    private long lastOwnHeartbeat = -1;
    private boolean warnedMissing;

    /** A bus whose Kafka clients connect as every other client of the gateway does (its security settings). */
    public ClusterBus(KafkaConnection kafka, ClientMessageLimits limits, ClusterMetrics metrics, ByteBufAllocator alloc) {
        this(newGatewayId(), limits, metrics, alloc, kafka);
    }

    private ClusterBus(String gatewayId, ClientMessageLimits limits, ClusterMetrics metrics, ByteBufAllocator alloc,
                       KafkaConnection kafka) {
        this(gatewayId, new KafkaConsumer<>(KafkaFeed.consumerProperties(kafka, "promo-gateway-cluster-" + gatewayId),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                new KafkaProducer<>(producerProperties(kafka, "promo-gateway-" + gatewayId),
                        new ByteArraySerializer(), new ByteArraySerializer()),
                limits, metrics, alloc, kafka);
    }

    /** A bus over any consumer and producer (tests give mocks); {@code kafka} names the cluster in errors. */
    ClusterBus(String gatewayId, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
               ClientMessageLimits limits, ClusterMetrics metrics, ByteBufAllocator alloc, KafkaConnection kafka) {
        this.gatewayId = gatewayId;
        this.kafka = kafka;
        this.limits = limits;
        this.metrics = metrics;
        this.consumer = consumer;
        this.commands = new ConsumerCommands(consumer, "gateway cluster link");
        this.producer = producer;
        this.book = new PresenceBook(gatewayId, limits.presenceTimeout().toMillis());
        this.router = new LocalRouter(gatewayId, alloc, metrics);
        this.refPrefix = gatewayId.substring(Math.max(0, gatewayId.length() - 6)) + ".";
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(SEND_QUEUE),
                DaemonThreads.named("gateway-cluster-send"));
        this.thread = DaemonThreads.named("gateway-cluster").newThread(this::run);
    }

    /** Producer settings: every write acknowledged by all in-sync replicas, idempotent, sent at once. */
    static Properties producerProperties(KafkaConnection kafka, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // bounded waits: a client's ack (or its error) comes within seconds, never hangs
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 16L * 1024 * 1024);
        return kafka.clientProperties(clientId, props);
    }

    /** A new id per start: the host name (for operators) and random characters. */
    static String newGatewayId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "gateway";
        }
        host = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        host = host.substring(0, Math.min(host.length(), 24));
        StringBuilder random = new StringBuilder();
        SecureRandom rng = new SecureRandom();
        for (int i = 0; i < 8; i++) {
            random.append(Character.forDigit(rng.nextInt(36), 36));
        }
        return host + "-" + random;
    }

    public void start() {
        metrics.bindConsumer(consumer);
        metrics.bindProducer(producer);
        thread.start();
        LOGGER.info("Gateway {} shares presence and client broadcasts through {} and {} (presence timeout {} s)",
                gatewayId, GatewayTopics.PRESENCE.name(), GatewayTopics.BROADCASTS.name(),
                limits.presenceTimeout().toMillis() / 1000.0);
    }

    /** This gateway instance's id (new on every start). */
    @Override
    public String gatewayId() {
        return gatewayId;
    }

    @Override
    public ClientMessageLimits limits() {
        return limits;
    }

    @Override
    public ClusterMetrics metrics() {
        return metrics;
    }

    /** True once the presence topic was read up to where it stood when this gateway started. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /**
     * Ready to serve presence and broadcasts: the gateway topics were looked for and, when they exist,
     * the presence topic was read (a load balancer then never sends a client to a gateway that would
     * show it an incomplete presence state). Gateway topics that do not exist do not hold the gateway
     * back: everything else is served and tracks and broadcasts are answered Unavailable until they do.
     */
    public boolean isReady() {
        return !broken && looked && (caughtUp || !presenceAssigned);
    }

    /**
     * Completes exceptionally when Kafka refuses this gateway's credentials or ACLs on the gateway
     * topics: waiting will not help, a person must fix the cause in the message (as the feed's).
     */
    public CompletableFuture<Void> failure() {
        return failure;
    }

    /** A new presence ref ({@code phx_ref}), unique across gateways. */
    @Override
    public String newRef() {
        return refPrefix + Long.toString(refs.incrementAndGet(), 36);
    }

    /** Presences on a channel over all gateways, as this gateway last saw them (any thread). */
    @Override
    public int presences(String channel) {
        return counts.getOrDefault(channel, 0);
    }

    // ---- sending (any thread; futures complete on a Kafka or the sending thread) ----

    /** Writes a client broadcast; completes when Kafka acknowledged it. */
    @Override
    public CompletableFuture<Void> broadcast(ClientBroadcast broadcast) {
        if (!broadcastsAssigned) {
            return CompletableFuture.failedFuture(missing(GatewayTopics.BROADCASTS));
        }
        return send(record(GatewayTopics.BROADCASTS, new BroadcastKey(broadcast.channel()), broadcast));
    }

    /** Writes this gateway's presence (a socket's track); completes when Kafka acknowledged it. */
    @Override
    public CompletableFuture<Void> track(PresenceKey key, PresenceRecord presence) {
        if (!presenceAssigned) {
            return CompletableFuture.failedFuture(missing(GatewayTopics.PRESENCE));
        }
        own.put(key, presence);
        CompletableFuture<Void> sent = send(record(GatewayTopics.PRESENCE, key, presence));
        sent.whenComplete((ok, error) -> {
            if (error != null) {
                own.remove(key, presence); // not tracked: never written again
            }
        });
        return sent;
    }

    /** Removes this gateway's presence (untrack, leave, disconnect): a tombstone. */
    @Override
    public CompletableFuture<Void> untrack(PresenceKey key) {
        own.remove(key);
        if (!presenceAssigned) {
            return CompletableFuture.failedFuture(missing(GatewayTopics.PRESENCE));
        }
        return send(record(GatewayTopics.PRESENCE, key, null));
    }

    private static UnavailableException missing(Topic<?, ?> topic) {
        return new UnavailableException("topic " + topic.name() + " is not there (yet): create it with `promo topics apply`");
    }

    private static <K, V> ProducerRecord<byte[], byte[]> record(Topic<K, V> topic, K key, V value) {
        return new ProducerRecord<>(topic.name(), null, System.currentTimeMillis(),
                topic.keySerde().serializer().serialize(topic.name(), key),
                value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            done.completeExceptionally(new UnavailableException("Kafka did not take it: " + error.getMessage(),
                                    error));
                        } else {
                            done.complete(null);
                        }
                    });
                } catch (RuntimeException e) {
                    done.completeExceptionally(new UnavailableException("Kafka did not take it: " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new UnavailableException(running
                    ? "over " + SEND_QUEUE + " messages are waiting for Kafka" : "the gateway is stopping"));
        }
        return done;
    }

    // ---- local listeners (any thread; applied on the bus thread) ----

    /** Delivers the channel's client broadcasts to this session (the sender's socket id tells it apart). */
    @Override
    public void listenBroadcasts(ChannelSession session, String socket) {
        commands.submit(() -> router.listenBroadcasts(session, socket));
    }

    /**
     * Sends this session its channel's presence state, then every change, once the presence topic is
     * read up to where it stood at start (the state is complete then).
     */
    @Override
    public void listenPresence(ChannelSession session) {
        commands.submit(() -> {
            if (caughtUp) {
                sendState(session);
            } else {
                deferredPresence.add(session);
            }
        });
    }

    /** Stops delivering to a session (it left). */
    @Override
    public void forget(ChannelSession session) {
        commands.submit(() -> {
            deferredPresence.remove(session);
            router.forget(session);
        });
    }

    private void sendState(ChannelSession session) {
        if (router.listenPresence(session)) {
            router.presenceState(session, book.state(session.channel().canonical()));
            router.submit();
        }
    }

    // ---- the bus thread ----

    private void run() {
        try {
            while (running) {
                loopOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                // not ready from now on, so a load balancer sends clients to a gateway that shares their presence
                broken = true;
                Optional<KafkaSetupException> permanent = KafkaErrors.explain(e, "the gateway", kafka);
                if (permanent.isPresent()) {
                    LOGGER.error("Gateway cluster link stopped: {}", permanent.get().getMessage());
                    failure.completeExceptionally(permanent.get());
                } else {
                    LOGGER.error("Gateway cluster link stopped on an unexpected error: {}", e.toString(), e);
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOGGER.debug("cluster consumer close: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    void loopOnce() throws InterruptedException {
        commands.runQueued();
        long now = System.currentTimeMillis();
        if (!(presenceAssigned && broadcastsAssigned) && now - lastTopicCheck >= RECHECK_MILLIS) {
            lastTopicCheck = now;
            assignMissing();
            looked = true;
        }
        if (!presenceAssigned && !broadcastsAssigned) {
            Thread.sleep(POLL.toMillis());
            return;
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL);
        } catch (WakeupException e) {
            return;
        }
        now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                if (record.topic().equals(GatewayTopics.PRESENCE.name())) {
                    presenceRecord(record, now);
                } else {
                    broadcastRecord(record);
                }
            } catch (RuntimeException e) {
                metrics.refused("kafka", "unreadable_record");
                LOGGER.warn("Skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
            }
        }
        if (!caughtUp && presenceAssigned && reachedTargets()) {
            caughtUp = true;
            // gateways that died while none was running are found gone before anyone gets the state
            tick(now);
            publishChanges();
            LOGGER.info("Gateway {} read the presence of {} clients on {} gateways; serving presence", gatewayId,
                    book.size(), book.liveGateways());
            deferredPresence.forEach(this::sendState);
            deferredPresence.clear();
        }
        tick(now);
        publishChanges();
        router.submit();
    }

    private void presenceRecord(ConsumerRecord<byte[], byte[]> record, long now) {
        Topic<PresenceKey, PresenceRecord> topic = GatewayTopics.PRESENCE;
        PresenceKey key = topic.keySerde().deserializer().deserialize(topic.name(), record.key());
        PresenceRecord value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
        if (key == null) {
            return;
        }
        if (key.gateway().equals(gatewayId)) {
            ownRecord(key, value, record.timestamp());
        }
        book.apply(key, value, record.timestamp(), now, !caughtUp, changes);
    }

    /**
     * This gateway's own records coming back: a tombstone of a presence it still holds was written by
     * another gateway that found it gone (it was paused), and heartbeats further apart than the
     * timeout mean the others may have: either way its presences are written again.
     */
    private void ownRecord(PresenceKey key, PresenceRecord value, long timestamp) {
        if (key.isHeartbeat()) {
            if (value != null && value.type() == PresenceRecordType.GATEWAY) {
                if (lastOwnHeartbeat >= 0 && timestamp - lastOwnHeartbeat > limits.presenceTimeout().toMillis() && !closing) {
                    LOGGER.warn("Gateway {} sent no heartbeat for {} ms (over its timeout): writing its {} presences again",
                            gatewayId, timestamp - lastOwnHeartbeat, own.size());
                    own.forEach((ownKey, presence) -> send(record(GatewayTopics.PRESENCE, ownKey, presence)));
                }
                lastOwnHeartbeat = timestamp;
            } else if (value == null && !closing) {
                sendHeartbeat();
            }
            return;
        }
        PresenceRecord held = own.get(key);
        if (value == null && held != null && !closing) {
            send(record(GatewayTopics.PRESENCE, key, held));
        }
    }

    private void broadcastRecord(ConsumerRecord<byte[], byte[]> record) {
        Topic<BroadcastKey, ClientBroadcast> topic = GatewayTopics.BROADCASTS;
        ClientBroadcast broadcast = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
        if (broadcast != null) {
            router.broadcast(broadcast);
        }
    }

    private void tick(long now) {
        if (presenceAssigned && now >= nextHeartbeat && !closing) {
            nextHeartbeat = now + limits.heartbeatInterval().toMillis();
            sendHeartbeat();
        }
        if (caughtUp && now >= nextExpiryCheck && !lagging()) {
            nextExpiryCheck = now + EXPIRY_CHECK_MILLIS;
            int before = book.size();
            for (PresenceBook.Gone gone : book.expire(now, changes)) {
                LOGGER.info("Gateway {} is gone (no heartbeat within its timeout): removing its {} presences", gone.gateway(),
                        gone.keys().size() - 1);
                gone.keys().forEach(key -> send(record(GatewayTopics.PRESENCE, key, null)));
            }
            metrics.expired(Math.max(0, before - book.size()));
            book.takeStrays().forEach(key -> send(record(GatewayTopics.PRESENCE, key, null)));
        }
    }

    private void sendHeartbeat() {
        send(record(GatewayTopics.PRESENCE, PresenceKey.heartbeat(gatewayId),
                PresenceRecord.heartbeat(gatewayId, Instant.now(), limits.presenceTimeout().toMillis())))
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        failedHeartbeat(error);
                    } else if (heartbeatFailing) {
                        heartbeatFailing = false;
                        LOGGER.info("Gateway {} writes its heartbeat again", gatewayId);
                    }
                });
    }

    /** A heartbeat Kafka refused for good (the principal may not write the presence topic) stops the gateway. */
    private void failedHeartbeat(Throwable error) {
        Optional<KafkaSetupException> permanent = KafkaErrors.explain(error, "the gateway", kafka);
        if (permanent.isPresent()) {
            if (!closing && failure.completeExceptionally(permanent.get())) {
                broken = true;
                LOGGER.error("Gateway cluster link stopped: {}", permanent.get().getMessage());
            }
        } else if (!heartbeatFailing) {
            heartbeatFailing = true; // said once, not every heartbeat while Kafka is away
            LOGGER.warn("Gateway {} heartbeat not written: {}", gatewayId, error.getMessage());
        }
    }

    /** Whether the presence partitions have records not read yet (then a silent gateway may only look silent). */
    private boolean lagging() {
        for (TopicPartition partition : consumer.assignment()) {
            if (partition.topic().equals(GatewayTopics.PRESENCE.name()) && consumer.currentLag(partition).orElse(0) > 0) {
                return true;
            }
        }
        return false;
    }

    private void publishChanges() {
        if (changes.isEmpty()) {
            return;
        }
        for (String channel : changes.byChannel().keySet()) {
            int count = book.count(channel);
            if (count == 0) {
                counts.remove(channel);
            } else {
                counts.put(channel, count);
            }
        }
        if (caughtUp) {
            router.presenceChanges(changes);
        }
        changes.clear();
        metrics.presences(book.size());
        metrics.gateways(book.liveGateways());
    }

    private boolean reachedTargets() {
        for (Map.Entry<TopicPartition, Long> target : catchUpTargets.entrySet()) {
            if (blocking(() -> consumer.position(target.getKey())) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Assigns the gateway topics that exist and are not read yet: presence from its beginning, broadcasts from now. */
    private void assignMissing() {
        List<TopicPartition> presence = presenceAssigned ? List.of() : partitions(GatewayTopics.PRESENCE);
        List<TopicPartition> broadcasts = broadcastsAssigned ? List.of() : partitions(GatewayTopics.BROADCASTS);
        if (presence.isEmpty() && broadcasts.isEmpty()) {
            if (!warnedMissing) {
                warnedMissing = true;
                LOGGER.warn("Gateway topics {} / {} not found: presence and client broadcasts are unavailable until they "
                                + "exist (`promo topics apply` creates them); looking again every second",
                        GatewayTopics.PRESENCE.name(), GatewayTopics.BROADCASTS.name());
            }
            return;
        }
        List<TopicPartition> all = new ArrayList<>(consumer.assignment());
        all.addAll(presence);
        all.addAll(broadcasts);
        consumer.assign(all);
        if (!presence.isEmpty()) {
            consumer.seekToBeginning(presence);
            catchUpTargets.putAll(blocking(() -> consumer.endOffsets(presence, Duration.ofSeconds(30))));
            presenceAssigned = true;
            nextHeartbeat = 0;
            LOGGER.info("Gateway {} reads {} ({} partitions) from its beginning", gatewayId, GatewayTopics.PRESENCE.name(),
                    presence.size());
        }
        if (!broadcasts.isEmpty()) {
            consumer.seekToEnd(broadcasts);
            broadcasts.forEach(partition -> blocking(() -> consumer.position(partition)));
            broadcastsAssigned = true;
            LOGGER.info("Gateway {} reads {} ({} partitions) from its end", gatewayId, GatewayTopics.BROADCASTS.name(),
                    broadcasts.size());
        }
    }


    private List<TopicPartition> partitions(Topic<?, ?> topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10));
        } catch (org.apache.kafka.common.errors.TimeoutException | WakeupException e) {
            return List.of();
        }
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    /**
     * Stops: this gateway's presences and its heartbeat are tombstoned (the others drop them at once
     * instead of after the timeout), what waits is sent, then the clients close.
     */
    @Override
    public void close() {
        closing = true;
        if (presenceAssigned) {
            own.keySet().forEach(key -> send(record(GatewayTopics.PRESENCE, key, null)));
            own.clear();
            send(record(GatewayTopics.PRESENCE, PresenceKey.heartbeat(gatewayId), null));
        }
        running = false;
        sender.shutdown();
        try {
            if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOGGER.debug("cluster producer close: {}", e.toString());
        }
        consumer.wakeup();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.close();
    }
}
