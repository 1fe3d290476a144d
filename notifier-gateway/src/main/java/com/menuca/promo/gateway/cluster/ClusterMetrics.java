package com.menuca.promo.gateway.cluster;

import com.menuca.promo.common.metrics.KafkaClientMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metrics of client broadcasts and presence ({@code promo_gateway_*}): broadcasts accepted by
 * source, sockets reached, tracks, refusals by what and why, presences and live gateways as this
 * gateway sees them, presences dropped because their gateway died, and the Kafka clients' own meters.
 */
public final class ClusterMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final List<KafkaClientMeters> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger presences = new AtomicInteger();
    private final AtomicInteger gateways = new AtomicInteger();
    private final ConcurrentHashMap<String, Counter> broadcasts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> refusals = new ConcurrentHashMap<>();
    private final DistributionSummary broadcastFanOut;
    private final Counter tracks;
    private final Counter expired;

    public ClusterMetrics(MeterRegistry registry) {
        this.registry = registry;
        track(Gauge.builder("promo.gateway.presences", presences, AtomicInteger::get)
                .description("Presences tracked on all channels of all gateways, as this gateway sees them").register(registry));
        track(Gauge.builder("promo.gateway.cluster.gateways", gateways, AtomicInteger::get)
                .description("Gateways alive, as this gateway sees their heartbeats (itself included)").register(registry));
        broadcastFanOut = track(DistributionSummary.builder("promo.gateway.broadcast.fanout")
                .description("Sockets of this gateway reached per client broadcast").register(registry));
        tracks = track(Counter.builder("promo.gateway.presence.tracks")
                .description("Presence tracks accepted from this gateway's sockets").register(registry));
        expired = track(Counter.builder("promo.gateway.presence.expired")
                .description("Presences dropped because their gateway stopped heartbeating").register(registry));
        broadcastCounter("socket");
        broadcastCounter("http");
    }

    private <M extends Meter> M track(M meter) {
        meters.add(meter);
        return meter;
    }

    void bindProducer(org.apache.kafka.clients.producer.Producer<?, ?> producer) {
        clients.add(KafkaClientMeters.ofProducer(registry, producer));
    }

    void bindConsumer(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
        clients.add(KafkaClientMeters.ofConsumer(registry, consumer));
    }

    /** A client broadcast accepted (written to Kafka), from a socket or the HTTP endpoint. */
    public void broadcastAccepted(String source) {
        broadcastCounter(source).increment();
    }

    private Counter broadcastCounter(String source) {
        return broadcasts.computeIfAbsent(source, s -> track(Counter.builder("promo.gateway.broadcasts")
                .tag("source", s).description("Client broadcasts accepted, by source (socket or http)").register(registry)));
    }

    void broadcastDelivered(int sockets) {
        broadcastFanOut.record(sockets);
    }

    public void trackAccepted() {
        tracks.increment();
    }

    /**
     * Something a client sent was refused: {@code what} is broadcast, presence or http; {@code code}
     * the reason (Unauthorized, RateLimited, PayloadTooLarge...).
     */
    public void refused(String what, String code) {
        refusals.computeIfAbsent(what + "|" + code, key -> track(Counter.builder("promo.gateway.client.refusals")
                .tag("what", what).tag("code", code)
                .description("Client broadcasts and presence messages refused, by what and why").register(registry)))
                .increment();
    }

    void presences(int count) {
        presences.set(count);
    }

    void gateways(int count) {
        gateways.set(count);
    }

    void expired(int count) {
        expired.increment(count);
    }

    @Override
    public void close() {
        clients.forEach(KafkaClientMeters::close);
        clients.clear();
        meters.forEach(registry::remove);
        meters.clear();
    }
}
