package com.menuca.promo.gateway;

import com.menuca.promo.common.metrics.KafkaClientMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's Prometheus metrics ({@code promo_gateway_*}): connections, channels, events in and
 * frames out, drops and disconnects by reason, join errors by code, commit-to-socket latency and
 * Kafka lag.
 */
public final class GatewayMetrics implements AutoCloseable {
    /** Disconnect reasons the shipped alert rules watch: a client too slow to read (close 4008). */
    static final java.util.List<String> ALERTED_DISCONNECTS = java.util.List.of("too_slow");
    /** Drop reasons the shipped alert rules watch: records the gateway could not read (no client gets them). */
    static final java.util.List<String> ALERTED_DROPS = java.util.List.of("unreadable_record");
    private final MeterRegistry registry;
    private final java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger channels = new AtomicInteger();
    private final AtomicLong kafkaLag = new AtomicLong();
    private final Counter framesOut;
    private final Counter replayedFrames;
    private final Counter feedRestarts;
    private final Timer deliveryLatency;
    private final Timer feedLatency;
    private final DistributionSummary fanOut;
    private final ConcurrentHashMap<String, Counter> eventsIn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> joinErrors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> disconnects = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> drops = new ConcurrentHashMap<>();
    private final java.util.List<KafkaClientMeters> kafkaClients = new java.util.concurrent.CopyOnWriteArrayList<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        track(Gauge.builder("promo.gateway.connections", connections, AtomicInteger::get)
                .description("Open WebSocket connections").register(registry));
        track(Gauge.builder("promo.gateway.channels", channels, AtomicInteger::get)
                .description("Joined channels over all connections").register(registry));
        track(Gauge.builder("promo.gateway.kafka.lag", kafkaLag, AtomicLong::get)
                .description("Records the feed has yet to read, summed over its partitions").register(registry));
        framesOut = track(Counter.builder("promo.gateway.frames.out").description("Frames written to sockets")
                .register(registry));
        replayedFrames = track(Counter.builder("promo.gateway.frames.replayed")
                .description("Frames sent while replaying for resuming clients").register(registry));
        deliveryLatency = track(Timer.builder("promo.gateway.delivery.latency")
                .description("Commit in PostgreSQL (or event time) to the frame written to the socket")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
        feedLatency = track(Timer.builder("promo.gateway.feed.latency")
                .description("Record handed over by the feed's poll to the frame written to the socket: the gateway's own"
                        + " part of the delivery latency (record timestamps are commit times, so they cannot tell it)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
        feedRestarts = track(Counter.builder("promo.gateway.feed.restarts")
                .description("Times the Kafka feed failed unexpectedly and resumed after a back-off").register(registry));
        fanOut = track(DistributionSummary.builder("promo.gateway.fanout").description("Sockets reached per event")
                .register(registry));
        // at zero from the start, so the alerts on them see the first one (increase() needs a series to exist before)
        ALERTED_DISCONNECTS.forEach(this::disconnectCounter);
        ALERTED_DROPS.forEach(this::dropCounter);
    }

    /** A Kafka client's own metrics in this registry until the gateway closes. */
    public void bindKafkaClient(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
        kafkaClients.add(KafkaClientMeters.ofConsumer(registry, consumer));
    }

    /**
     * Gauges of the bytes the gateway holds for its sockets (send queues, frames held back behind
     * replays, Netty's outbound buffers): over all sockets, and for the largest one.
     */
    public void heldBytes(java.util.function.LongSupplier total, java.util.function.LongSupplier largest) {
        // held strongly: a gauge keeps its object weakly by default, and callers pass method references
        // nothing else keeps, so after the first garbage collection the gauges would read NaN
        track(Gauge.builder("promo.gateway.held.bytes", total, s -> s.getAsLong()).strongReference(true)
                .description("Bytes held for all sockets: send queues, held-back frames, outbound buffers")
                .baseUnit("bytes").register(registry));
        track(Gauge.builder("promo.gateway.held.bytes.max", largest, s -> s.getAsLong()).strongReference(true)
                .description("Bytes held for the socket that holds the most").baseUnit("bytes").register(registry));
    }

    private <M extends io.micrometer.core.instrument.Meter> M track(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Removes this gateway's meters, so a gateway started later in the same process registers fresh ones. */
    @Override
    public void close() {
        kafkaClients.forEach(KafkaClientMeters::close);
        kafkaClients.clear();
        meters.forEach(registry::remove);
        meters.clear();
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public int connections() {
        return connections.get();
    }

    public void channelJoined() {
        channels.incrementAndGet();
    }

    public void channelLeft() {
        channels.decrementAndGet();
    }

    public void eventIn(String topic) {
        eventsIn.computeIfAbsent(topic, t -> track(Counter.builder("promo.gateway.events.in").tag("topic", t)
                .description("Records read from Kafka").register(registry))).increment();
    }

    /** Frames written to sockets, counted per batch rather than per frame (the hot path). */
    public void framesOut(long frames) {
        framesOut.increment(frames);
    }

    public void framesReplayed(long frames) {
        replayedFrames.increment(frames);
    }

    /**
     * The first frame of an event was written on an event loop: records commit (or event time) to now,
     * and from the feed's poll of its record to now (0 = unknown, not recorded).
     */
    public void delivered(long commitMillis, long receivedMillis) {
        long now = System.currentTimeMillis();
        if (commitMillis > 0) {
            deliveryLatency.record(Math.max(0, now - commitMillis), TimeUnit.MILLISECONDS);
        }
        if (receivedMillis > 0) {
            feedLatency.record(Math.max(0, now - receivedMillis), TimeUnit.MILLISECONDS);
        }
    }

    public void fanOut(int sockets) {
        fanOut.record(sockets);
    }

    public void joinError(String code) {
        joinErrors.computeIfAbsent(code, c -> track(Counter.builder("promo.gateway.join.errors").tag("code", c)
                .description("Refused joins by reason code").register(registry))).increment();
    }

    public void disconnect(String reason) {
        disconnectCounter(reason).increment();
    }

    private Counter disconnectCounter(String reason) {
        return disconnects.computeIfAbsent(reason, r -> track(Counter.builder("promo.gateway.disconnects").tag("reason", r)
                .description("Connections closed by the gateway, by reason").register(registry)));
    }

    public void drop(String reason) {
        dropCounter(reason).increment();
    }

    private Counter dropCounter(String reason) {
        return drops.computeIfAbsent(reason, r -> track(Counter.builder("promo.gateway.drops").tag("reason", r)
                .description("Inbound messages or outbound frames dropped, by reason").register(registry)));
    }

    /** The feed loop failed unexpectedly and backs off before resuming. */
    public void feedRestart() {
        feedRestarts.increment();
    }

    public void kafkaLag(long records) {
        kafkaLag.set(records);
    }

    /**
     * The direct memory of the sockets' buffers, beside the JVM's own {@code jvm_buffer_memory_used_bytes}:
     * what the pooled allocator holds in its arenas, and Netty's count of direct memory it allocated
     * without the JVM's buffer pool (-1 when Netty leaves that to the JVM).
     */
    public void bindAllocator(io.netty.buffer.ByteBufAllocatorMetricProvider allocator) {
        track(Gauge.builder("promo.gateway.allocator.direct.memory", allocator,
                        a -> a.metric().usedDirectMemory()).baseUnit("bytes")
                .description("Direct memory held by the gateway's pooled buffer allocator (Netty arenas)").register(registry));
        track(Gauge.builder("promo.gateway.allocator.heap.memory", allocator,
                        a -> a.metric().usedHeapMemory()).baseUnit("bytes")
                .description("Heap memory held by the gateway's pooled buffer allocator").register(registry));
        track(Gauge.builder("promo.gateway.netty.direct.memory", () -> io.netty.util.internal.PlatformDependent.usedDirectMemory())
                .baseUnit("bytes").description("Direct memory Netty allocated outside the JVM's buffer pool "
                        + "(-1: Netty uses the JVM's, counted in jvm_buffer_memory_used_bytes)").register(registry));
    }
}
