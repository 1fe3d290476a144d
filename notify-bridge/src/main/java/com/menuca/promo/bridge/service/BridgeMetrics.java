package com.menuca.promo.bridge.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bridge's meters ({@code promo_notify_bridge_*}): events read, notifications issued by seed
 * channel (the channel's template, so restaurants do not multiply series), payloads stored for being
 * too large, unreadable records skipped, failures by kind, commit time, whether this instance is the
 * active one, and how full PostgreSQL's notification queue is.
 */
final class BridgeMetrics {
    private final MeterRegistry registry;
    private final Counter events;
    private final Counter large;
    private final Counter unreadable;
    private final Timer commit;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicReference<Double> queueUsage = new AtomicReference<>(0.0);

    BridgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.events = Counter.builder("promo_notify_bridge_events").description("Derived events read and notified")
                .register(registry);
        this.large = Counter.builder("promo_notify_bridge_large_payloads")
                .description("Events notified as a reference because they are too large for NOTIFY").register(registry);
        this.unreadable = Counter.builder("promo_notify_bridge_unreadable_records")
                .description("Records of the derived topics that are not derived events (skipped)").register(registry);
        this.commit = Timer.builder("promo_notify_bridge_commit").description("Time to notify a batch and store its position")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("promo_notify_bridge_active", active, AtomicInteger::get)
                .description("1 while this instance holds the bridge's lock and notifies, 0 while it stands by").register(registry);
        Gauge.builder("promo_notify_bridge_queue_usage", queueUsage, AtomicReference::get)
                .description("pg_notification_queue_usage(): how full PostgreSQL's NOTIFY queue is (0-1)").register(registry);
        for (String kind : new String[] {"postgres", "kafka"}) {
            failure(kind, 0);
        }
    }

    void events(int n) {
        events.increment(n);
    }

    void notified(String template) {
        Counter.builder("promo_notify_bridge_notifications").description("NOTIFYs issued, by seed channel")
                .tag("channel", template).register(registry).increment();
    }

    void large() {
        large.increment();
    }

    void unreadable() {
        unreadable.increment();
    }

    void failure(String kind) {
        failure(kind, 1);
    }

    private void failure(String kind, int n) {
        Counter.builder("promo_notify_bridge_failures").description("Batches that failed and were retried, by what failed")
                .tag("kind", kind).register(registry).increment(n);
    }

    void committed(Duration took) {
        commit.record(took);
    }

    void active(boolean isActive) {
        active.set(isActive ? 1 : 0);
    }

    void queueUsage(double usage) {
        queueUsage.set(usage);
    }
}
